import type { AnalysisSummary } from '@/lib/api/analyses/analysis-summary.ts';

export function AnalysisPicker({ label, value, analyses, onChange }: { label: string; value: string; analyses: AnalysisSummary[]; onChange: (id: string) => void }) {
  return (
    <label>{label}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={`pick-${label}`}>
        <option value="">choose…</option>
        {analyses.map((a) => <option key={a.id} value={a.id}>{a.modelName} · {a.id.slice(0, 8)} · {a.calibrationSetName} ({a.status})</option>)}
      </select>
    </label>
  );
}
