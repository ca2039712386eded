import { meanNormRatio } from './math/norm-ratio.ts';
import { blockInfluence } from './math/block-influence.ts';
import type { BlockMetrics } from './types.ts';

/**
 * Per-block metrics from the intact stream X_0..X_L (block k maps X_k to X_k+1):
 * - inputOutputCosineDistance[k] = mean_t (1 - cos(X_k,t, X_k+1,t))
 * - contributionNormRatio[k] = mean_t ||X_k+1,t - X_k,t|| / ||X_k,t||
 * - blockInfluence[k] = 1 - mean_t cos(X_k,t, X_k+1,t) (ShortGPT); with per-token cosine this is
 *   the same number as inputOutputCosineDistance (computed once, reported under both names).
 * dropOneKl needs the variant passes and is filled by the engine (null here).
 */
export function blockMetricsFromStream(stream: Float32Array[], hidden: number): BlockMetrics {
  const blocks = stream.length - 1;
  const metrics: BlockMetrics = {
    inputOutputCosineDistance: [], contributionNormRatio: [], blockInfluence: [], dropOneKl: [],
  };
  for (let k = 0; k < blocks; k++) {
    const influence = blockInfluence(stream[k], stream[k + 1], hidden);
    metrics.inputOutputCosineDistance.push(influence);
    metrics.blockInfluence.push(influence);
    metrics.contributionNormRatio.push(meanNormRatio(stream[k + 1], stream[k], hidden));
    metrics.dropOneKl.push(null);
  }
  return metrics;
}

