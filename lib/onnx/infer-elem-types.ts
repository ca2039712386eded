import { constantTensor, intAttribute } from './constant-values.ts';
import { DataType } from './data-types.ts';
import type { GraphIndex } from './graph-index.ts';
import type { NodeProto } from './onnx-types.ts';

const BOOL_OPS = new Set(['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'And', 'Or', 'Not', 'Xor', 'IsNaN', 'IsInf']);
const INT64_OPS = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin']);

/**
 * Element type of every value, propagated through the graph (enough to declare the type of a
 * stage's inputs and outputs when the file carries no value_info for them).
 */
export function inferElemTypes(index: GraphIndex): Map<string, number> {
  const types = new Map<string, number>();
  const declared = [...(index.graph.input ?? []), ...(index.graph.output ?? []), ...(index.graph.valueInfo ?? [])];
  for (const v of declared) if (v.type?.tensorType?.elemType) types.set(v.name ?? '', v.type.tensorType.elemType);
  for (const [name, t] of index.initializers) types.set(name, t.dataType ?? 0);
  for (const node of index.nodes) {
    const type = outputType(index, node, types);
    for (const o of node.output ?? []) if (o && !types.has(o) && type) types.set(o, type);
  }
  return types;
}

function outputType(index: GraphIndex, node: NodeProto, types: Map<string, number>): number | undefined {
  const op = node.opType ?? '';
  const input = (k: number) => types.get(node.input?.[k] ?? '');
  if (BOOL_OPS.has(op)) return DataType.BOOL;
  if (INT64_OPS.has(op)) return DataType.INT64;
  if (op === 'Cast') return intAttribute(node, 'to', 0);
  if (op === 'CastLike') return input(1);
  if (op === 'Constant') return constantTensor(index, node.output?.[0] ?? '')?.dataType;
  if (op === 'ConstantOfShape') return node.attribute?.find((a) => a.name === 'value')?.t?.dataType ?? DataType.FLOAT;
  if (op === 'Where') return input(1);
  if (op === 'Gather' || op === 'GatherElements' || op === 'GatherND') return input(0);
  return input(0) ?? input(1);
}
