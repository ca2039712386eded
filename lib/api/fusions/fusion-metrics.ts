import type { CrossEntropyReport } from '../../fusion/evaluation/cross-entropy-report.ts';
import type { FusionEvaluation } from '../../fusion/evaluation/evaluate-fusion.ts';
import type { BatchLatency } from '../../fusion/evaluation/measure-latency.ts';
import type { FusedRangeInfo } from '../../fusion/fused-range.ts';

/**
 * FusionRun.metrics as written by the fuse-ranges job. Fields are optional for readers: the page
 * shows what is present and a dash for the rest.
 */
export interface FusionMetrics {
  /** Mean per-token KL(p_unfused || p_fused), nats. */
  kl?: number;
  logitsCosineDistance?: number;
  crossEntropy?: Partial<CrossEntropyReport>;
  /** Median latencies of both models per batch size, same threads, measured in the same run. */
  latencyMs?: { threads?: number; seqLen?: number; repeats?: number; batches?: BatchLatency[] };
  /** Sublayers on the critical path (attention + FFN; a fused range counts 1). */
  depth?: { reference?: number; candidate?: number };
  parameters?: { reference?: number; candidate?: number };
  fusion?: { ranges: FusedRangeInfo[]; warnings: string[]; buildMs: number };
  evaluation?: { source: string; sequences: number; seqLen: number; positions: number; predictions: number };
  [key: string]: unknown;
}

/** The stored form of an evaluation: everything but local file paths. */
export function fusionMetrics(result: FusionEvaluation, evaluationSource: string): FusionMetrics {
  const { fusion, evaluation, ...measured } = result;
  return {
    ...measured,
    fusion: { ranges: fusion.ranges, warnings: fusion.warnings, buildMs: fusion.buildMs },
    evaluation: { source: evaluationSource, ...evaluation },
  };
}
