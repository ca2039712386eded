import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';
import { formatMs, formatValue } from '../heatmap/format-value.ts';

const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return <div className="panel" style={{ margin: 0 }}><div className="muted">{label}</div><div className="stat">{value}</div>{detail ? <div className="muted">{detail}</div> : null}</div>;
}

const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${formatValue(v, 3)}`);

/** Quality (KL, cross-entropy change, logits distance) and speed (latency per batch, depth) of the fused model. */
export function FusionMetricsPanel({ run }: { run: FusionRunSummary }) {
  const m = run.metrics;
  if (!m) {
    return <div className="empty" data-testid="fusion-metrics-pending">{run.status === 'failed' || run.status === 'cancelled' ? 'No metrics: the run did not finish.' : 'Metrics appear when the fused model has been built and measured.'}</div>;
  }
  const ce = m.crossEntropy ?? {};
  const ceDelta = n(ce.delta) ?? (n(ce.candidate) !== null && n(ce.reference) !== null ? ce.candidate! - ce.reference! : null);
  const batches = m.latencyMs?.batches ?? [];
  const depRef = n(m.depth?.reference); const depNew = n(m.depth?.candidate);
  const parRef = n(m.parameters?.reference); const parNew = n(m.parameters?.candidate);
  return (
    <div className="grid" data-testid="fusion-metrics" style={{ marginBottom: 16 }}>
      <Stat label="KL(unfused ‖ fused)" value={formatValue(n(m.kl), 3)} detail="nats per token" />
      <Stat label="Δ cross-entropy" value={signed(ceDelta)} detail={`${formatValue(n(ce.reference), 4)} → ${formatValue(n(ce.candidate), 4)} ${ce.unit ?? ''}`} />
      <Stat label="logits cosine distance" value={formatValue(n(m.logitsCosineDistance), 3)} />
      {batches.length ? batches.map((b) => (
        <Stat key={b.batch} label={`latency, batch ${b.batch}`} value={`${b.speedup.toFixed(2)}× speedup`} detail={`${formatMs(b.reference)} ms → ${formatMs(b.candidate)} ms${m.latencyMs?.threads ? ` · ${m.latencyMs.threads} threads` : ''}`} />
      )) : <Stat label="latency" value="—" detail="not measured" />}
      <Stat label="sequential depth" value={depRef !== null && depNew !== null ? `${depRef} → ${depNew}` : '—'} detail="sublayers on the critical path" />
      <Stat label="parameters" value={parNew !== null ? parNew.toLocaleString() : '—'} detail={parRef !== null ? `unfused ${parRef.toLocaleString()}` : undefined} />
    </div>
  );
}
