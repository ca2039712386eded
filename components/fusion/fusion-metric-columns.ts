import type { FusionMetrics } from '@/lib/api/fusions/fusion-metrics.ts';

export interface MetricColumn {
  key: string;
  label: string;
  better: 'lower' | 'higher';
  value(m: FusionMetrics | null): number | null;
  format(v: number): string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fixed = (d: number) => (v: number) => v.toFixed(d);
const sci = (v: number) => (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(4));

/** The latency measured at the smallest batch: single-sequence latency is what fusion shortens most directly. */
export function primaryLatency(m: FusionMetrics | null) {
  const batches = m?.latencyMs?.batches ?? [];
  return batches.length ? [...batches].sort((a, b) => a.batch - b.batch)[0]! : null;
}

function crossEntropyDelta(m: FusionMetrics | null): number | null {
  const ce = m?.crossEntropy;
  if (num(ce?.delta) !== null) return ce!.delta!;
  const a = num(ce?.candidate); const b = num(ce?.reference);
  return a === null || b === null ? null : a - b;
}

export const METRIC_COLUMNS: MetricColumn[] = [
  { key: 'kl', label: 'KL', better: 'lower', value: (m) => num(m?.kl), format: sci },
  { key: 'dce', label: 'Δ cross-entropy', better: 'lower', value: crossEntropyDelta, format: (v) => (v >= 0 ? '+' : '') + sci(v) },
  { key: 'cos', label: 'logits cos dist', better: 'lower', value: (m) => num(m?.logitsCosineDistance), format: sci },
  { key: 'latency', label: 'latency fused (ms)', better: 'lower', value: (m) => num(primaryLatency(m)?.candidate), format: fixed(2) },
  { key: 'speedup', label: 'speedup', better: 'higher', value: (m) => num(primaryLatency(m)?.speedup), format: (v) => `${v.toFixed(2)}×` },
  { key: 'depth', label: 'depth fused', better: 'lower', value: (m) => num(m?.depth?.candidate), format: fixed(0) },
];

/** Index of the best row of each column (null when no row has a value). */
export function bestRows(metrics: ReadonlyArray<FusionMetrics | null>, columns = METRIC_COLUMNS): Record<string, number | null> {
  const best: Record<string, number | null> = {};
  for (const c of columns) {
    let at: number | null = null;
    metrics.forEach((m, k) => {
      const v = c.value(m);
      if (v === null) return;
      const current = at === null ? null : c.value(metrics[at]!);
      if (current === null || (c.better === 'lower' ? v < current : v > current)) at = k;
    });
    best[c.key] = at;
  }
  return best;
}
