import { meanOf } from './cosine-distance.ts';

/**
 * Per-token KL(p || q) = sum_v p_v (log p_v - log q_v), from log-probabilities laid out
 * [tokens, vocab] (see logSoftmaxRows). Accumulated in float64, each token's value rounded to float32.
 * Terms with p_v = 0 contribute 0.
 */
export function klDivergencePerToken(logP: Float32Array, logQ: Float32Array, vocab: number): Float32Array {
  if (logP.length !== logQ.length) throw new Error(`KL: length mismatch ${logP.length} vs ${logQ.length}`);
  const tokens = logP.length / vocab;
  const out = new Float32Array(tokens);
  for (let t = 0; t < tokens; t++) {
    let kl = 0;
    for (let k = t * vocab, end = k + vocab; k < end; k++) {
      const lp = logP[k];
      if (lp === Number.NEGATIVE_INFINITY) continue;
      kl += Math.exp(lp) * (lp - logQ[k]);
    }
    out[t] = kl;
  }
  return out;
}

/** Mean over tokens of KL(p || q) on next-token distributions given as log-probabilities. */
export function meanKlDivergence(logP: Float32Array, logQ: Float32Array, vocab: number): number {
  return meanOf(klDivergencePerToken(logP, logQ, vocab));
}
