import { bytesPerElement } from './data-types.ts';
import { externalDataRef, isExternalTensor } from './external-data.ts';
import type { TensorProto } from './onnx-types.ts';
import { tensorByteLength, tensorElementCount } from './tensor-data.ts';

/** Bytes a tensor's data takes as stored: its external range, its raw data, or its typed fields' elements. Reads no data. */
export function storedByteLength(tensor: TensorProto): number {
  if (isExternalTensor(tensor)) return externalDataRef(tensor).length ?? tensorByteLength(tensor);
  return tensor.rawData?.length || tensorElementCount(tensor) * (bytesPerElement(tensor.dataType ?? 0) ?? 0);
}
