import Link from 'next/link';
import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';
import { StatusBadge } from '../status-badge.tsx';
import { formatRanges } from './format-ranges.ts';

export function FusionRunsTable({ runs, showModel = false }: { runs: FusionRunSummary[]; showModel?: boolean }) {
  return (
    <table className="list" data-testid="fusion-runs-table">
      <thead><tr><th>Run</th>{showModel ? <th>Model</th> : null}<th>Ranges</th><th>Status</th><th>Progress</th><th>Created</th></tr></thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <td><Link href={`/fusions/${r.id}`}>{r.id.slice(0, 8)}</Link></td>
            {showModel ? <td><Link href={`/models/${r.modelId}`}>{r.modelName}</Link></td> : null}
            <td>{formatRanges(r.ranges)}</td>
            <td><StatusBadge status={r.status} /></td>
            <td>{r.progress.total ? `${r.progress.done}/${r.progress.total}` : '—'}</td>
            <td>{new Date(r.createdAt).toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
