import type { RangeIssue } from '../heatmap/range-validation.ts';

export function RangeIssues({ issues }: { issues: RangeIssue[] }) {
  if (issues.length === 0) return <div className="muted" style={{ fontSize: 12 }}>✓ FFN-only, no overlap</div>;
  return (
    <ul className="issues">
      {issues.map((i) => <li key={i.message} className={i.severity} role={i.severity === 'error' ? 'alert' : undefined}>{i.severity}: {i.message}</li>)}
    </ul>
  );
}
