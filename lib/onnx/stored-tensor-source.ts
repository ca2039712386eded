import type { OnnxModel } from './onnx-model.ts';
import type { TensorProto } from './onnx-types.ts';
import type { TensorByteSource } from './tensor-byte-source.ts';
import { openTensorRangeReader, storedTensorByteLength } from './tensor-range-reader.ts';

/**
 * A stored tensor's bytes as pieces read one after another into one reused buffer, so copying
 * an external tensor into a new data file holds one piece, never the tensor.
 */
export function storedTensorSource(model: Pick<OnnxModel, 'baseDir'>, tensor: TensorProto): TensorByteSource {
  const byteLength = storedTensorByteLength(model, tensor);
  return {
    byteLength,
    *pieces(maxPieceBytes: number) {
      const reader = openTensorRangeReader(model, tensor);
      try {
        if (reader.byteLength !== byteLength) throw new Error(`the data of tensor "${tensor.name}" changed size while the model was being written`);
        const buffer = new Uint8Array(Math.min(maxPieceBytes, byteLength));
        for (let offset = 0; offset < byteLength; offset += buffer.byteLength) {
          const piece = buffer.subarray(0, Math.min(buffer.byteLength, byteLength - offset));
          reader.read(offset, piece);
          yield piece;
        }
      } finally {
        reader.close();
      }
    },
  };
}
