import { meanOf } from './cosine-distance.ts';

/**
 * ||h(X)|| / ||X|| per token: the L2 norm over the hidden dimension of a block's contribution
 * h = output - input, divided by the L2 norm of its input, for each token.
 * Tokens with a zero input norm get +Infinity (or 0 when h is zero too).
 */
export function normRatioPerToken(output: Float32Array, input: Float32Array, hidden: number): Float32Array {
  const tokens = input.length / hidden;
  const out = new Float32Array(tokens);
  for (let t = 0; t < tokens; t++) {
    let hh = 0;
    let xx = 0;
    for (let k = t * hidden, end = k + hidden; k < end; k++) {
      const x = input[k];
      const h = Math.fround(output[k] - x);
      hh += h * h;
      xx += x * x;
    }
    out[t] = xx === 0 ? (hh === 0 ? 0 : Number.POSITIVE_INFINITY) : Math.sqrt(hh / xx);
  }
  return out;
}

/** Definition used everywhere: the mean over tokens of the per-token ratio ||h_t|| / ||X_t||. */
export function meanNormRatio(output: Float32Array, input: Float32Array, hidden: number): number {
  return meanOf(normRatioPerToken(output, input, hidden));
}
