import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';
import { formatValue } from '../heatmap/format-value.ts';

type RangeDetail = Record<string, unknown> & { range?: [number, number]; ranges?: unknown };

/** One row per fused range; extra per-range figures from the job's metrics when it reports them. */
export function RangeDetails({ run }: { run: FusionRunSummary }) {
  const reported = Array.isArray(run.metrics?.ranges) ? (run.metrics!.ranges as RangeDetail[]) : [];
  const keys = [...new Set(reported.flatMap((d) => Object.keys(d).filter((k) => k !== 'range' && typeof d[k] === 'number')))];
  return (
    <section className="panel" data-testid="range-details">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Fused ranges</h2>
      <table className="list">
        <thead><tr><th>Range</th><th>Blocks</th>{keys.map((k) => <th key={k}>{k}</th>)}</tr></thead>
        <tbody>
          {run.ranges.map(([a, b], idx) => {
            const detail = reported.find((d) => Array.isArray(d.range) && d.range[0] === a && d.range[1] === b) ?? reported[idx];
            return (
              <tr key={`${a}-${b}`}>
                <td>[{a}, {b}]</td>
                <td>{b - a + 1} FFNs → 1 wide FFN</td>
                {keys.map((k) => <td key={k}>{formatValue(detail?.[k] as number | undefined, 4)}</td>)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
