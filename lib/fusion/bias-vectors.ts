/**
 * How a range's FFN biases combine into the wide FFN's: gate and up biases side by side (zeros
 * for a block without one), down biases summed, since the down projections' outputs add up.
 */
export function concatBiases(biases: Array<Float32Array | null>, widths: number[]): Float32Array {
  const out = new Float32Array(widths.reduce((sum, w) => sum + w, 0));
  let offset = 0;
  biases.forEach((bias, k) => {
    if (bias) out.set(bias, offset);
    offset += widths[k];
  });
  return out;
}

/** Summed in float64 and rounded to float32 once. */
export function sumBiases(biases: Array<Float32Array | null>, length: number): Float32Array {
  const sum = new Float64Array(length);
  for (const bias of biases) if (bias) bias.forEach((v, i) => { sum[i] += v; });
  return Float32Array.from(sum);
}
