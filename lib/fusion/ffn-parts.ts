import type { FfnActivation } from '../onnx/decoder-structure.ts';
import type { NodeProto } from '../onnx/onnx-types.ts';

/** How the fused FFN computes its activation, matching the source's formulation. */
export type ActivationForm =
  | { kind: 'silu' }
  | { kind: 'relu' }
  | { kind: 'gelu-erf' }
  | { kind: 'gelu-tanh' }
  /** A single op computing the whole activation (Gelu, FastGelu, Silu...), copied with its attributes. */
  | { kind: 'op'; node: NodeProto };

/** One block's FFN as float32 arrays, weights in [in, out] row-major order. */
export interface FfnParts {
  block: number;
  activation: FfnActivation;
  form: ActivationForm;
  width: number;
  /** [hidden, width], null for a non-gated FFN. */
  gate: Float32Array | null;
  /** [hidden, width] */
  up: Float32Array;
  /** [width, hidden] */
  down: Float32Array;
  gateBias: Float32Array | null;
  upBias: Float32Array | null;
  downBias: Float32Array | null;
  /** RMSNorm scale g ([hidden], ones when the norm has none). */
  normScale: Float32Array;
  normEpsilon: number;
  /** True when the source stores these weights [out, in] behind a Transpose. */
  transposed: boolean;
}
