import { DataType, elemTypeName } from './data-types.ts';
import type { TensorProto } from './onnx-types.ts';

/** Element types a weight may be stored in: the engine computes in float32 and casts half types when a stage loads. */
export const WEIGHT_DATA_TYPES = new Set<number>([DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16]);

/**
 * Refuses a weight stored in a type that is not a float type this reads (an int32 tensor where a
 * projection weight belongs would otherwise be read as garbage or fail much later), naming it.
 */
export function requireFloatWeight(tensor: TensorProto, what: string): void {
  const type = tensor.dataType ?? 0;
  if (WEIGHT_DATA_TYPES.has(type)) return;
  throw new Error(`${what} "${tensor.name}" is stored as ${elemTypeName(type)}; weights must be float32, float16 or bfloat16`);
}

/** One element type name ('float16'), or the distinct names joined with ' + ' when the weights mix types. */
export function describeWeightDataTypes(types: Iterable<number>): string {
  const names = [...new Set([...types].map(elemTypeName))].sort();
  return names.join(' + ');
}
