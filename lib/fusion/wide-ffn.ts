import { concatBiases, sumBiases } from './bias-vectors.ts';
import { checkFusableFfns } from './check-fusable-ffns.ts';
import type { ActivationForm, FfnParts } from './ffn-parts.ts';

/**
 * The fused FFN of a range in memory: one wide FFN fed by a unit-scale RMSNorm, weights [in, out]
 * row-major. This is the definition; the fused model itself is written from WideFfnTensors
 * (wide-ffn-tensors.ts), which produce the same values band by band and are tested against it.
 */
export interface WideFfn {
  hidden: number;
  width: number;
  form: ActivationForm;
  normEpsilon: number;
  gate: Float32Array | null;
  up: Float32Array;
  down: Float32Array;
  gateBias: Float32Array | null;
  upBias: Float32Array | null;
  downBias: Float32Array | null;
  transposed: boolean;
}

/**
 * Theorem 3.1 with the norm folded: sum_k FFN_k(g_k * x / rms(x)) is one FFN on x / rms(x) with
 * gate/up = [diag(g_a) W_a | ... | diag(g_b) W_b], down = [Wd_a; ...; Wd_b], gate/up biases
 * concatenated and down biases summed. Exact only with equal epsilons (rms(x) must be shared).
 */
export function buildWideFfn(parts: FfnParts[], hidden: number): WideFfn {
  checkFusableFfns(parts);
  const width = parts.reduce((sum, p) => sum + p.width, 0);
  const gated = parts[0].gate !== null;
  return {
    hidden,
    width,
    form: parts[0].form,
    normEpsilon: parts[0].normEpsilon,
    gate: gated ? concatFolded(parts, hidden, width, (p) => p.gate!) : null,
    up: concatFolded(parts, hidden, width, (p) => p.up),
    down: stack(parts.map((p) => p.down)),
    gateBias: anyOf(parts, (p) => p.gateBias) ? concatBiases(parts.map((p) => p.gateBias), parts.map((p) => p.width)) : null,
    upBias: anyOf(parts, (p) => p.upBias) ? concatBiases(parts.map((p) => p.upBias), parts.map((p) => p.width)) : null,
    downBias: anyOf(parts, (p) => p.downBias) ? sumBiases(parts.map((p) => p.downBias), hidden) : null,
    transposed: parts[0].transposed,
  };
}

/** Row i of the result: for each part k, g_k[i] * W_k[i, :], side by side. */
function concatFolded(parts: FfnParts[], hidden: number, width: number, weight: (p: FfnParts) => Float32Array): Float32Array {
  const out = new Float32Array(hidden * width);
  let column = 0;
  for (const p of parts) {
    const w = weight(p);
    for (let i = 0; i < hidden; i++) {
      const g = p.normScale[i];
      const row = i * width + column;
      for (let c = 0; c < p.width; c++) out[row + c] = Math.fround(g * w[i * p.width + c]);
    }
    column += p.width;
  }
  return out;
}

function stack(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

function anyOf(parts: FfnParts[], pick: (p: FfnParts) => Float32Array | null): boolean {
  return parts.some((p) => pick(p) !== null);
}
