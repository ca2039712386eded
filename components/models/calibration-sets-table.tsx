import type { CalibrationSetView } from '@/lib/api/models/calibration-set-view.ts';

export function CalibrationSetsTable({ sets }: { sets: CalibrationSetView[] }) {
  return (
    <table className="list" data-testid="calibration-sets">
      <thead><tr><th>Name</th><th>Source</th><th>Sequences</th><th>Length</th><th>Tokens</th><th>Added</th></tr></thead>
      <tbody>
        {sets.map((c) => (
          <tr key={c.id}><td>{c.name}</td><td>{c.source}</td><td>{c.sequenceCount}</td><td>{c.seqLen}</td><td>{c.tokenCount.toLocaleString()}</td><td>{new Date(c.createdAt).toLocaleString()}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
