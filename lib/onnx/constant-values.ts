import { DataType } from './data-types.ts';
import type { GraphIndex } from './graph-index.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { AttributeProto, NodeProto, TensorProto } from './onnx-types.ts';
import { int64ToNumber } from './int64.ts';
import { tensorToNumbers } from './tensor-data.ts';

/** The tensor behind a value when it is an initializer or a Constant node (through Identity/Cast). */
export function constantTensor(index: GraphIndex, value: string): TensorProto | null {
  const initializer = index.initializers.get(value);
  if (initializer) return initializer;
  const node = index.producer.get(value);
  if (!node) return null;
  if (node.opType === 'Identity' || node.opType === 'Cast') return constantTensor(index, node.input?.[0] ?? '');
  if (node.opType === 'Constant') return constantNodeTensor(node);
  return null;
}

function constantNodeTensor(node: NodeProto): TensorProto | null {
  const attribute = node.attribute?.[0];
  if (!attribute) return null;
  const name = node.output?.[0];
  switch (attribute.name) {
    case 'value':
      return attribute.t ?? null;
    case 'value_float':
      return { name, dims: [], dataType: DataType.FLOAT, floatData: [attribute.f ?? 0] };
    case 'value_floats':
      return { name, dims: [attribute.floats?.length ?? 0], dataType: DataType.FLOAT, floatData: attribute.floats ?? [] };
    case 'value_int':
      return { name, dims: [], dataType: DataType.INT64, int64Data: [attribute.i ?? 0] };
    case 'value_ints':
      return { name, dims: [attribute.ints?.length ?? 0], dataType: DataType.INT64, int64Data: attribute.ints ?? [] };
    default:
      return null;
  }
}

/** Numeric values of a constant, or null when the value is not a constant. */
export function constantNumbers(model: OnnxModel, index: GraphIndex, value: string): number[] | null {
  const tensor = constantTensor(index, value);
  return tensor ? tensorToNumbers(model, tensor) : null;
}

/** True when the value depends on no graph input (only initializers and constant nodes). */
export function isConstantValue(index: GraphIndex, value: string, memo = new Map<string, boolean>()): boolean {
  if (index.initializers.has(value)) return true;
  if (index.graphInputs.has(value)) return false;
  const cached = memo.get(value);
  if (cached !== undefined) return cached;
  const node = index.producer.get(value);
  const result = node ? (node.input ?? []).every((i) => !i || isConstantValue(index, i, memo)) : false;
  memo.set(value, result);
  return result;
}

export function attribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}

export function intAttribute(node: NodeProto, name: string, fallback: number): number {
  const a = attribute(node, name);
  return a && a.i !== undefined ? int64ToNumber(a.i) : fallback;
}

export function floatAttribute(node: NodeProto, name: string, fallback: number): number {
  const a = attribute(node, name);
  return a && a.f !== undefined ? a.f : fallback;
}

export function intsAttribute(node: NodeProto, name: string): number[] | null {
  const a = attribute(node, name);
  return a?.ints ? a.ints.map(int64ToNumber) : null;
}
