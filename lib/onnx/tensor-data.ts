import { bytesPerElement, DataType } from './data-types.ts';
import { bfloat16ArrayToFloat32, float16ArrayToFloat32 } from './half-float.ts';
import { isExternalTensor, readExternalData } from './external-data.ts';
import { int64ToNumber } from './int64.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { TensorProto } from './onnx-types.ts';

export function tensorDims(tensor: TensorProto): number[] {
  return (tensor.dims ?? []).map(int64ToNumber);
}

export function tensorElementCount(tensor: TensorProto): number {
  return tensorDims(tensor).reduce((a, b) => a * b, 1);
}

/** Size of the tensor's data in bytes (0 when the type has no fixed element size). */
export function tensorByteLength(tensor: TensorProto): number {
  return tensorElementCount(tensor) * (bytesPerElement(tensor.dataType ?? 0) ?? 0);
}

/**
 * The tensor's data as little-endian bytes: a view of raw_data, a read of its external range,
 * or an encoding of the typed fields (float_data, int64_data, ...).
 */
export function tensorBytes(model: Pick<OnnxModel, 'baseDir'>, tensor: TensorProto): Uint8Array {
  if (isExternalTensor(tensor)) return readExternalData(model.baseDir, tensor);
  if (tensor.rawData && tensor.rawData.length > 0) return tensor.rawData;
  return typedFieldBytes(tensor);
}

function typedFieldBytes(tensor: TensorProto): Uint8Array {
  const type = tensor.dataType ?? 0;
  const count = tensorElementCount(tensor);
  if (count === 0) return new Uint8Array(0);
  switch (type) {
    case DataType.FLOAT:
      return bytesOf(Float32Array.from(tensor.floatData ?? []));
    case DataType.DOUBLE:
      return bytesOf(Float64Array.from(tensor.doubleData ?? []));
    case DataType.INT64:
      return bytesOf(BigInt64Array.from((tensor.int64Data ?? []).map((v) => BigInt(int64ToNumber(v)))));
    case DataType.UINT64:
      return bytesOf(BigUint64Array.from((tensor.uint64Data ?? []).map((v) => BigInt(int64ToNumber(v)))));
    case DataType.INT32:
      return bytesOf(Int32Array.from(tensor.int32Data ?? []));
    case DataType.FLOAT16:
    case DataType.BFLOAT16:
    case DataType.UINT16:
    case DataType.INT16:
      return bytesOf(Uint16Array.from(tensor.int32Data ?? []));
    case DataType.UINT8:
    case DataType.INT8:
    case DataType.BOOL:
      return Uint8Array.from(tensor.int32Data ?? []);
    default:
      throw new Error(`tensor "${tensor.name}": reading data type ${type} from typed fields is not supported`);
  }
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** A typed view over `bytes` when aligned, else over an aligned copy. */
function aligned<T>(bytes: Uint8Array, size: number, make: (b: ArrayBufferLike, o: number, n: number) => T): T {
  const n = bytes.byteLength / size;
  if (bytes.byteOffset % size === 0) return make(bytes.buffer, bytes.byteOffset, n);
  const copy = new Uint8Array(bytes.byteLength); // not bytes.slice(): on a Buffer that is a view, not a copy
  copy.set(bytes);
  return make(copy.buffer, 0, n);
}

/** Reads a float tensor (float32, float16, bfloat16 or double) as Float32Array. */
export function tensorToFloat32(model: Pick<OnnxModel, 'baseDir'>, tensor: TensorProto): Float32Array {
  const type = tensor.dataType ?? 0;
  const bytes = tensorBytes(model, tensor);
  if (type === DataType.FLOAT) return aligned(bytes, 4, (b, o, n) => new Float32Array(b, o, n));
  if (type === DataType.DOUBLE) return Float32Array.from(aligned(bytes, 8, (b, o, n) => new Float64Array(b, o, n)));
  if (type === DataType.FLOAT16 || type === DataType.BFLOAT16) {
    const halves = aligned(bytes, 2, (b, o, n) => new Uint16Array(b, o, n));
    return type === DataType.BFLOAT16 ? bfloat16ArrayToFloat32(halves) : float16ArrayToFloat32(halves);
  }
  throw new Error(`tensor "${tensor.name}" has data type ${type}, not a floating-point type`);
}

/** Reads a numeric tensor as plain numbers (int64 values beyond 2^53 lose precision). */
export function tensorToNumbers(model: Pick<OnnxModel, 'baseDir'>, tensor: TensorProto): number[] {
  const type = tensor.dataType ?? 0;
  if (type === DataType.FLOAT || type === DataType.DOUBLE || type === DataType.FLOAT16 || type === DataType.BFLOAT16) {
    return Array.from(tensorToFloat32(model, tensor));
  }
  const bytes = tensorBytes(model, tensor);
  switch (type) {
    case DataType.INT64:
      return Array.from(aligned(bytes, 8, (b, o, n) => new BigInt64Array(b, o, n)), Number);
    case DataType.UINT64:
      return Array.from(aligned(bytes, 8, (b, o, n) => new BigUint64Array(b, o, n)), Number);
    case DataType.INT32:
      return Array.from(aligned(bytes, 4, (b, o, n) => new Int32Array(b, o, n)));
    case DataType.UINT32:
      return Array.from(aligned(bytes, 4, (b, o, n) => new Uint32Array(b, o, n)));
    case DataType.INT16:
      return Array.from(aligned(bytes, 2, (b, o, n) => new Int16Array(b, o, n)));
    case DataType.UINT16:
      return Array.from(aligned(bytes, 2, (b, o, n) => new Uint16Array(b, o, n)));
    case DataType.INT8:
      return Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    case DataType.UINT8:
    case DataType.BOOL:
      return Array.from(bytes);
    default:
      throw new Error(`tensor "${tensor.name}": data type ${type} is not numeric`);
  }
}
