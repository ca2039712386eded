import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';

/** One row per fused range (the wide FFN it became), and the warnings the fusion raised. */
export function RangeDetails({ run }: { run: FusionRunSummary }) {
  const fused = run.metrics?.fusion?.ranges ?? [];
  const warnings = run.metrics?.fusion?.warnings ?? [];
  return (
    <section className="panel" data-testid="range-details">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Fused ranges</h2>
      <table className="list">
        <thead><tr><th>Range</th><th>Blocks</th><th>Wide FFN width</th><th>Input → output stream</th></tr></thead>
        <tbody>
          {run.ranges.map(([a, b]) => {
            const info = fused.find((f) => f.range[0] === a && f.range[1] === b);
            return (
              <tr key={`${a}-${b}`}>
                <td>[{a}, {b}]</td>
                <td>{b - a + 1} FFNs → 1 wide FFN</td>
                <td>{info ? info.width.toLocaleString() : '—'}</td>
                <td className="muted">{info ? <><code>{info.input}</code> → <code>{info.output}</code></> : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {warnings.length ? <ul className="issues">{warnings.map((w) => <li key={w} className="warning">warning: {w}</li>)}</ul> : null}
      {run.metrics?.evaluation ? <p className="muted" style={{ marginBottom: 0 }}>Measured on {run.metrics.evaluation.sequences} held-out sequences of {run.metrics.evaluation.seqLen} tokens ({run.metrics.evaluation.source}).</p> : null}
    </section>
  );
}
