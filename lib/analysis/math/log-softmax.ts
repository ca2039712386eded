/**
 * Row-wise log-softmax of logits laid out [tokens, vocab], computed stably:
 * log p_v = (z_v - max) - log(sum exp(z - max)), the sum in float64, results in float32.
 */
export function logSoftmaxRows(logits: Float32Array, vocab: number): Float32Array {
  if (vocab <= 0 || logits.length % vocab !== 0) {
    throw new Error(`log-softmax: length ${logits.length} is not a multiple of vocabulary size ${vocab}`);
  }
  const out = new Float32Array(logits.length);
  for (let start = 0; start < logits.length; start += vocab) {
    const end = start + vocab;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = start; k < end; k++) if (logits[k] > max) max = logits[k];
    let sum = 0;
    for (let k = start; k < end; k++) sum += Math.exp(logits[k] - max);
    const logSum = Math.log(sum);
    for (let k = start; k < end; k++) out[k] = logits[k] - max - logSum;
  }
  return out;
}
