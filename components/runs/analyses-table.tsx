import Link from 'next/link';
import type { AnalysisSummary } from '@/lib/api/analyses/analysis-summary.ts';
import { StatusBadge } from '../status-badge.tsx';

export function AnalysesTable({ analyses, showModel = false }: { analyses: AnalysisSummary[]; showModel?: boolean }) {
  return (
    <table className="list" data-testid="analyses-table">
      <thead><tr><th>Analysis</th>{showModel ? <th>Model</th> : null}<th>Calibration</th><th>Status</th><th>Rows</th><th>Created</th></tr></thead>
      <tbody>
        {analyses.map((a) => (
          <tr key={a.id}>
            <td><Link href={`/analyses/${a.id}`}>{a.id.slice(0, 8)}</Link></td>
            {showModel ? <td><Link href={`/models/${a.modelId}`}>{a.modelName}</Link></td> : null}
            <td>{a.calibrationSetName}</td>
            <td><StatusBadge status={a.status} />{a.error ? <div className="error" style={{ fontSize: 12 }}>{a.error}</div> : null}</td>
            <td>{a.progress.done}/{a.progress.total}</td>
            <td>{new Date(a.createdAt).toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
