import { DataType } from '../onnx/data-types.ts';
import { toBfloat16Array, toFloat16Array } from '../onnx/half-float.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import { bytesSource } from '../onnx/tensor-byte-source.ts';
import { concatBiases, sumBiases } from './bias-vectors.ts';
import { checkFusableFfns } from './check-fusable-ffns.ts';
import type { ActivationForm } from './ffn-parts.ts';
import type { GeneratedTensor } from './generated-tensor.ts';
import type { StoredFfnParts, StoredMatrix, StoredVector } from './stored-ffn-parts.ts';
import { wideMatrixDims, wideMatrixSource, type WideMatrix, type WideMatrixPart } from './wide-matrix-source.ts';

/**
 * The fused FFN of a range as it will be stored (the source's layout: [in, out], or [out, in] when
 * `transposed`), its weights described, not computed: see buildWideFfn for the same values in memory.
 */
export interface WideFfnTensors {
  hidden: number;
  width: number;
  form: ActivationForm;
  normEpsilon: number;
  transposed: boolean;
  gate: GeneratedTensor | null;
  up: GeneratedTensor;
  down: GeneratedTensor;
  gateBias: GeneratedTensor | null;
  upBias: GeneratedTensor | null;
  downBias: GeneratedTensor | null;
}

/**
 * Theorem 3.1 with the norms folded (DESIGN.md section 1), as buildWideFfn computes it: gate/up =
 * [diag(g_a) W_a | ... | diag(g_b) W_b], down = [Wd_a; ...; Wd_b], gate/up biases side by side, down
 * biases summed. In the [in, out] layout (TorchScript) gate/up are the blocks' matrices side by side,
 * row r scaled by g_k[r], and down is the blocks' matrices one after another; in the stored-transposed
 * [out, in] layout (dynamo) it is the other way round, the fold scaling columns.
 *
 * Half-precision weights (float16/bfloat16 initializers the graph casts to float32) are read as
 * float32, which holds them exactly; each folded value g_k[r] * w is rounded to float32 (exact when
 * g_k is half too) and then once to the source's type, in which the wide weight is stored behind a
 * Cast, so the fused range takes the source's bytes, not twice them. Each folded weight is then
 * within the type's unit roundoff u (half a unit in the last place: 2^-11 relative for float16,
 * 2^-8 for bfloat16) of the exact g_k * w that the parallel-sum reference multiplies by; weights that
 * are not folded (down, and rows where g_k is 1) are copied exactly. On the logits this gives a
 * relative error of about u against the parallel sum of the same stored weights: measured 4.7e-4
 * and 5.3e-4 in float16 (u = 4.9e-4), 3.6e-3 and 4.05e-3 in bfloat16 (u = 3.9e-3), TorchScript and
 * dynamo layouts; the tests (tests/fusion/streamed-fusion.test.ts) allow 4u. Float32 weights are
 * folded exactly as buildWideFfn does and match the parallel sum to float32 rounding.
 */
export function describeWideFfn(model: Pick<OnnxModel, 'baseDir'>, parts: StoredFfnParts[], hidden: number): WideFfnTensors {
  checkFusableFfns(parts);
  checkOneLayout(parts);
  const transposed = parts[0].transposed;
  const widths = parts.map((p) => p.width);
  // Gate/up are [hidden, width_k] as [in, out]: side by side, g_k scaling rows; stored [out, in], stacked, g_k scaling columns.
  const inProjection = (pick: (p: StoredFfnParts) => StoredMatrix): GeneratedTensor => matrix(model, {
    concat: transposed ? 'rows' : 'columns',
    parts: parts.map((p): WideMatrixPart => ({ matrix: pick(p), fold: { scale: p.normScale, along: transposed ? 'columns' : 'rows' } })),
    dataType: commonType(parts.map((p) => pick(p).dataType)),
  });
  const down = matrix(model, {
    concat: transposed ? 'columns' : 'rows',
    parts: parts.map((p): WideMatrixPart => ({ matrix: p.down, fold: null })),
    dataType: commonType(parts.map((p) => p.down.dataType)),
  });
  const biases = (pick: (p: StoredFfnParts) => StoredVector | null) => parts.map((p) => pick(p));
  return {
    hidden,
    width: widths.reduce((sum, w) => sum + w, 0),
    form: parts[0].form,
    normEpsilon: parts[0].normEpsilon,
    transposed,
    gate: parts[0].gate ? inProjection((p) => p.gate!) : null,
    up: inProjection((p) => p.up),
    down,
    gateBias: vector(biases((p) => p.gateBias), (values) => concatBiases(values, widths)),
    upBias: vector(biases((p) => p.upBias), (values) => concatBiases(values, widths)),
    downBias: vector(biases((p) => p.downBias), (values) => sumBiases(values, hidden)),
  };
}

/** The blocks' matrices are concatenated as stored, so they must share one layout. */
function checkOneLayout(parts: StoredFfnParts[]): void {
  const layout = (m: StoredMatrix) => (m.transposed ? '[out, in]' : '[in, out]');
  for (const p of parts) {
    for (const m of [p.gate, p.up, p.down]) {
      if (m && m.transposed !== parts[0].transposed) {
        throw new Error(`blocks ${parts[0].block} and ${p.block} store their FFN weights in different layouts (${layout(parts[0].up)} and ${layout(m)}); fusion needs one layout in a range`);
      }
    }
  }
}

function matrix(model: Pick<OnnxModel, 'baseDir'>, wide: WideMatrix): GeneratedTensor {
  return { dims: wideMatrixDims(wide), dataType: wide.dataType, source: wideMatrixSource(model, wide) };
}

/** A combined bias in the blocks' common type; null when no block has one. */
function vector(stored: Array<StoredVector | null>, combine: (values: Array<Float32Array | null>) => Float32Array): GeneratedTensor | null {
  const present = stored.filter((v): v is StoredVector => v !== null);
  if (present.length === 0) return null;
  const dataType = commonType(present.map((v) => v.dataType));
  const values = combine(stored.map((v) => v?.values ?? null));
  return { dims: [values.length], dataType, source: bytesSource(encode(values, dataType)) };
}

/** The blocks' type when they agree; float32 (which holds every half value exactly) when they do not. */
function commonType(types: number[]): number {
  return types.every((t) => t === types[0]) ? types[0] : DataType.FLOAT;
}

function encode(values: Float32Array, dataType: number): Uint8Array {
  const typed = dataType === DataType.FLOAT16 ? toFloat16Array(values) : dataType === DataType.BFLOAT16 ? toBfloat16Array(values) : values;
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}
