import type { FfnActivation } from '../onnx/decoder-structure.ts';
import type { TensorProto } from '../onnx/onnx-types.ts';
import type { ActivationForm } from './ffn-parts.ts';

/** A projection weight as the model stores it, not read: the tensor, its stored dims and element type. */
export interface StoredMatrix {
  tensor: TensorProto;
  /** Stored dims: [in, out], or [out, in] when `transposed`. */
  rows: number;
  cols: number;
  /** FLOAT, FLOAT16 or BFLOAT16. */
  dataType: number;
  transposed: boolean;
}

/** A small vector (bias, norm scale), read into float32, with the element type it is stored in. */
export interface StoredVector {
  values: Float32Array;
  dataType: number;
}

/** One FFN-only block's FFN with its large weights left where they are stored (see FfnParts for the read form). */
export interface StoredFfnParts {
  block: number;
  activation: FfnActivation;
  form: ActivationForm;
  width: number;
  /** Null for a non-gated FFN. */
  gate: StoredMatrix | null;
  up: StoredMatrix;
  down: StoredMatrix;
  gateBias: StoredVector | null;
  upBias: StoredVector | null;
  downBias: StoredVector | null;
  /** RMSNorm scale g ([hidden], ones when the norm has none). */
  normScale: Float32Array;
  normEpsilon: number;
  /** True when the source stores these weights [out, in] behind a Transpose. */
  transposed: boolean;
}
