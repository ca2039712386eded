/** TensorProto.DataType values. */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const;

const BYTES_PER_ELEMENT: Record<number, number> = {
  1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 14: 8, 15: 16, 16: 2,
  17: 1, 18: 1, 19: 1, 20: 1, 24: 1,
};

/** Bytes per element, or null for types without a fixed byte size (strings, 4-bit types). */
export function bytesPerElement(dataType: number): number | null {
  return BYTES_PER_ELEMENT[dataType] ?? null;
}

const ORT_TYPE_NAMES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};

/** onnxruntime's name for an element type ('float32', 'int64', ...). */
export function elemTypeName(dataType: number): string {
  return ORT_TYPE_NAMES[dataType] ?? `onnx-type-${dataType}`;
}
