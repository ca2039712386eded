import type { TensorByteSource } from '../onnx/tensor-byte-source.ts';

/** A tensor of the fused graph described by its stored dims and type, its bytes produced on demand. */
export interface GeneratedTensor {
  dims: number[];
  dataType: number;
  source: TensorByteSource;
}
