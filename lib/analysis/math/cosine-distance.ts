/**
 * Per-token cosine distance over the hidden dimension.
 *
 * Tensors are float32, laid out [tokens, hidden] (any leading batch/sequence dims flattened).
 * Operands are float32 values; the per-token dot product and squared norms are accumulated in
 * float64 (more accurate than a float32 accumulation; the difference to an ONNX float32
 * ReduceSum is below hidden * 2^-24 relative), and each per-token distance is rounded to float32.
 * A token where either vector is exactly zero gets distance 1 when only one is zero (orthogonal
 * by convention) and 0 when both are zero.
 */
export function cosineDistancePerToken(a: Float32Array, b: Float32Array, hidden: number): Float32Array {
  assertSameTokens(a, b, hidden);
  const tokens = a.length / hidden;
  const out = new Float32Array(tokens);
  for (let t = 0; t < tokens; t++) out[t] = tokenCosineDistance(a, b, t * hidden, hidden);
  return out;
}

/** Mean over all tokens of the per-token cosine distance. */
export function meanCosineDistance(a: Float32Array, b: Float32Array, hidden: number): number {
  return meanOf(cosineDistancePerToken(a, b, hidden));
}

/** 1 - cos of the hidden vectors starting at `offset` in both arrays. */
export function tokenCosineDistance(a: Float32Array, b: Float32Array, offset: number, hidden: number): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let k = offset, end = offset + hidden; k < end; k++) {
    const x = a[k];
    const y = b[k];
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  return cosineDistanceFromSums(dot, aa, bb);
}

/** 1 - dot / (|a| |b|), clamped to [0, 2], rounded to float32. */
export function cosineDistanceFromSums(dot: number, aa: number, bb: number): number {
  if (aa === 0 && bb === 0) return 0;
  if (aa === 0 || bb === 0) return 1;
  const cos = dot / Math.sqrt(aa * bb);
  return Math.fround(Math.min(2, Math.max(0, 1 - cos)));
}

/** Float64 mean of a float32 vector, rounded to float32. */
export function meanOf(values: Float32Array): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k];
  return Math.fround(sum / values.length);
}

function assertSameTokens(a: Float32Array, b: Float32Array, hidden: number): void {
  if (a.length !== b.length) throw new Error(`cosine distance: length mismatch ${a.length} vs ${b.length}`);
  if (hidden <= 0 || a.length % hidden !== 0) {
    throw new Error(`cosine distance: length ${a.length} is not a multiple of hidden size ${hidden}`);
  }
}
