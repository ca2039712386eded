/**
 * A block's contribution h(X) = f(X) - X, elementwise in float32 (stored in a Float32Array, so
 * each difference is rounded exactly as an ONNX float32 Sub would round it).
 */
export function contribution(output: Float32Array, input: Float32Array): Float32Array {
  if (output.length !== input.length) {
    throw new Error(`contribution: output length ${output.length} differs from input length ${input.length}`);
  }
  const h = new Float32Array(output.length);
  for (let k = 0; k < h.length; k++) h[k] = output[k] - input[k];
  return h;
}
