import { readInitializerFloat32 } from '../../../lib/onnx/initializer-access.ts';
import type { OnnxModel } from '../../../lib/onnx/onnx-model.ts';

export type Activation = 'silu' | 'gelu' | 'relu';

const ACTIVATIONS: Record<Activation, (x: number) => number> = {
  silu: (x) => x / (1 + Math.exp(-x)),
  relu: (x) => Math.max(0, x),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
};

/**
 * X_a + sum_{k=a..b} FFN_k(g_k * X_a / rms(X_a)) in float64, from the weights of a TorchScript-named
 * generated decoder read by their parameter names (model.layers.k.mlp.gate_proj.weight, ...):
 * a path that shares nothing with the structure finder or the fusion code.
 */
export function parallelSumFloat64(model: OnnxModel, [a, b]: [number, number], x: Float32Array, hidden: number, activation: Activation, epsilon: number): Float64Array {
  const tokens = x.length / hidden;
  const out = Float64Array.from(x);
  const has = (name: string) => (model.proto.graph!.initializer ?? []).some((t) => t.name === name);
  const read = (name: string) => (has(name) ? Float64Array.from(readInitializerFloat32(model, name)) : null);
  for (let k = a; k <= b; k++) {
    const p = `model.layers.${k}`;
    const g = read(`${p}.post_attention_layernorm.weight`)!;
    const up = read(`${p}.mlp.up_proj.weight`)!;
    const gate = read(`${p}.mlp.gate_proj.weight`);
    const down = read(`${p}.mlp.down_proj.weight`)!;
    const [upBias, gateBias, downBias] = ['up', 'gate', 'down'].map((n) => read(`${p}.mlp.${n}_proj.bias`));
    const width = up.length / hidden;
    for (let t = 0; t < tokens; t++) {
      const row = Array.from(x.subarray(t * hidden, (t + 1) * hidden), Number);
      const inv = 1 / Math.sqrt(row.reduce((s, v) => s + v * v, 0) / hidden + epsilon);
      const n = row.map((v, i) => v * inv * g[i]);
      const inner = new Float64Array(width);
      for (let c = 0; c < width; c++) {
        let u = upBias?.[c] ?? 0;
        let h = gateBias?.[c] ?? 0;
        for (let i = 0; i < hidden; i++) {
          u += n[i] * up[i * width + c];
          if (gate) h += n[i] * gate[i * width + c];
        }
        inner[c] = gate ? ACTIVATIONS[activation](h) * u : ACTIVATIONS[activation](u);
      }
      for (let o = 0; o < hidden; o++) {
        let d = downBias?.[o] ?? 0;
        for (let c = 0; c < width; c++) d += inner[c] * down[c * hidden + o];
        out[t * hidden + o] += d;
      }
    }
  }
  return out;
}

/** Abramowitz-Stegun 7.1.26 is too coarse here; this series/continued-fraction pair is accurate to ~1e-15. */
function erf(x: number): number {
  const z = Math.abs(x);
  if (z < 2.5) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 80; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (z + f);
  return Math.sign(x) * (1 - Math.exp(-z * z) / (Math.sqrt(Math.PI) * (z + f)));
}
