import { intAttribute } from './constant-values.ts';
import { DataType } from './data-types.ts';
import type { GraphIndex } from './graph-index.ts';
import type { NodeProto } from './onnx-types.ts';

const FLOAT_CAST_TARGETS = new Set<number>([DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16, DataType.DOUBLE]);

/**
 * True for the nodes exporters put between a stored weight and its use without changing its
 * values' meaning: Identity aliases, and Casts to a float type (half-precision weights are stored
 * as float16/bfloat16 initializers followed by Cast(to=FLOAT) in mixed-precision exports).
 */
export function isWeightPassThrough(node: NodeProto | undefined): boolean {
  if (!node || node.domain) return false;
  return node.opType === 'Identity' || (node.opType === 'Cast' && FLOAT_CAST_TARGETS.has(intAttribute(node, 'to', 0)));
}

/** The value behind `value` once the Identity nodes and float Casts in front of it are looked through. */
export function throughWeightPassThrough(index: GraphIndex, value: string): string {
  let current = value;
  for (let p = index.producer.get(current); p && isWeightPassThrough(p); p = index.producer.get(current)) current = p.input?.[0] ?? '';
  return current;
}

/** The initializer `value` is read from (through Identity nodes and float Casts), or null when it is not one. */
export function storedInitializer(index: GraphIndex, value: string): string | null {
  const stored = throughWeightPassThrough(index, value);
  return index.initializers.has(stored) ? stored : null;
}
