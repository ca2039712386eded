import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';
import { formatValue } from '../heatmap/format-value.ts';

const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return <div className="panel" style={{ margin: 0 }}><div className="muted">{label}</div><div className="stat">{value}</div>{detail ? <div className="muted">{detail}</div> : null}</div>;
}

/** Quality (KL, cross-entropy change, logits distance) and speed (latency, depth) of the fused model. */
export function FusionMetricsPanel({ run }: { run: FusionRunSummary }) {
  const m = run.metrics;
  if (!m) {
    return <div className="empty" data-testid="fusion-metrics-pending">{run.status === 'failed' || run.status === 'cancelled' ? 'No metrics: the run did not finish.' : 'Metrics appear when the fused model has been built and measured.'}</div>;
  }
  const ceRef = n(m.crossEntropy?.reference); const ceNew = n(m.crossEntropy?.candidate);
  const latRef = n(m.latencyMs?.reference); const latNew = n(m.latencyMs?.candidate);
  const depRef = n(m.depth?.reference); const depNew = n(m.depth?.candidate);
  const parRef = n(m.parameters?.reference); const parNew = n(m.parameters?.candidate);
  const unit = m.crossEntropy?.unit ?? 'nats/token';
  return (
    <div className="grid" data-testid="fusion-metrics" style={{ marginBottom: 16 }}>
      <Stat label="KL(unfused ‖ fused)" value={formatValue(n(m.kl), 3)} />
      <Stat label="Δ cross-entropy" value={ceRef !== null && ceNew !== null ? `${ceNew - ceRef >= 0 ? '+' : ''}${formatValue(ceNew - ceRef, 3)}` : '—'} detail={`${formatValue(ceRef, 4)} → ${formatValue(ceNew, 4)} ${unit}`} />
      <Stat label="logits cosine distance" value={formatValue(n(m.logitsCosineDistance), 3)} />
      <Stat label="latency" value={latRef !== null && latNew !== null && latNew > 0 ? `${(latRef / latNew).toFixed(2)}× speedup` : '—'} detail={`${formatValue(latRef, 3)} ms → ${formatValue(latNew, 3)} ms`} />
      <Stat label="sequential depth" value={depRef !== null && depNew !== null ? `${depRef} → ${depNew}` : '—'} detail="sublayers on the critical path" />
      {parRef !== null || parNew !== null ? <Stat label="parameters" value={parNew !== null ? parNew.toLocaleString() : '—'} detail={parRef !== null ? `unfused ${parRef.toLocaleString()}` : undefined} /> : null}
    </div>
  );
}
