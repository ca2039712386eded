import { measureBlock, type MeasurementHeads } from './heads/measurement-heads.ts';
import type { BlockMetrics } from './types.ts';

/**
 * Per-block metrics from the intact stream X_0..X_L (block k maps X_k to X_k+1), computed by the
 * block-metrics measurement graph:
 * - inputOutputCosineDistance[k] = mean_t (1 - cos(X_k,t, X_k+1,t))
 * - contributionNormRatio[k] = mean_t ||X_k+1,t - X_k,t|| / ||X_k,t||
 * - blockInfluence[k] = 1 - mean_t cos(X_k,t, X_k+1,t) (ShortGPT); with per-token cosine this is
 *   the same number as inputOutputCosineDistance (computed once, reported under both names).
 * dropOneKl needs the variant passes and is filled by the engine (null here).
 */
export async function blockMetricsFromStream(heads: MeasurementHeads, stream: Float32Array[], hidden: number): Promise<BlockMetrics> {
  const metrics: BlockMetrics = { inputOutputCosineDistance: [], contributionNormRatio: [], blockInfluence: [], dropOneKl: [] };
  for (let k = 0; k + 1 < stream.length; k++) {
    const { influence, ratio } = await measureBlock(heads, stream[k], stream[k + 1], hidden);
    metrics.inputOutputCosineDistance.push(influence);
    metrics.blockInfluence.push(influence);
    metrics.contributionNormRatio.push(ratio);
    metrics.dropOneKl.push(null);
  }
  return metrics;
}
