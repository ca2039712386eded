import { meanCosineDistance } from './cosine-distance.ts';

/**
 * ShortGPT Block Influence: BI_k = 1 - mean_t cos(X_k,t, X_{k+1},t), the mean over tokens of the
 * per-token cosine similarity between the block's input and output, subtracted from 1.
 * By definition it equals the mean per-token cosine distance between input and output.
 */
export function blockInfluence(input: Float32Array, output: Float32Array, hidden: number): number {
  return meanCosineDistance(input, output, hidden);
}
