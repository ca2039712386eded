import type { TensorProto } from './onnx-types.ts';
import { tensorBytes } from './tensor-data.ts';

/** Tensors at least this large move to the buffer; smaller ones stay inline. */
const MIN_EXTERNAL_BYTES = 1024;
const ALIGNMENT = 64;

export interface WeightsInBuffer {
  /** The given tensors, large inline ones replaced by external copies naming `location`. */
  tensors: TensorProto[];
  /** The external-data location the moved tensors name. */
  location: string;
  data: Uint8Array;
}

/**
 * Moves the data of large inline tensors into one buffer, each replaced by an external tensor
 * (offset and length in that buffer), so that a model can be encoded without its weights and
 * handed to onnxruntime with the buffer as in-memory external data. The given tensors are not
 * modified; tensors already external stay as they are.
 */
export function moveWeightsToBuffer(tensors: TensorProto[], location: string): WeightsInBuffer {
  const chunks: Array<{ bytes: Uint8Array; offset: number }> = [];
  let size = 0;
  const moveOne = (tensor: TensorProto): TensorProto => {
    if (tensor.dataLocation === 1) return tensor;
    const bytes = tensorBytes({ baseDir: null }, tensor);
    if (bytes.length < MIN_EXTERNAL_BYTES) return tensor;
    chunks.push({ bytes, offset: size });
    const external: TensorProto = {
      name: tensor.name, dims: tensor.dims, dataType: tensor.dataType, dataLocation: 1,
      externalData: [{ key: 'location', value: location }, { key: 'offset', value: String(size) }, { key: 'length', value: String(bytes.length) }],
    };
    size += Math.ceil(bytes.length / ALIGNMENT) * ALIGNMENT;
    return external;
  };
  const moved = tensors.map(moveOne);
  const data = new Uint8Array(size);
  for (const { bytes, offset } of chunks) data.set(bytes, offset);
  return { tensors: moved, location, data };
}
