import { constantNumbers, intAttribute, intsAttribute } from './constant-values.ts';
import type { ModelInputSpec } from './decoder-structure.ts';
import type { GraphIndex } from './graph-index.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { NodeProto } from './onnx-types.ts';

/**
 * How a value relates to the batch size:
 * - none: the same for any batch (tables, causal masks without padding);
 * - axis0: batch on axis 0, the rest batch-independent (tile it to stack variants);
 * - shape: a shape vector whose element 0 is the batch size;
 * - data: holds the batch size in its values;
 * - unknown: depends on the batch in a way this analysis does not follow.
 */
export type BatchDependence = 'none' | 'axis0' | 'shape' | 'data' | 'unknown';

const ELEMENTWISE = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Where', 'And', 'Or', 'Not', 'Xor', 'Equal', 'Less', 'LessOrEqual', 'Greater',
  'GreaterOrEqual', 'Cast', 'CastLike', 'Cos', 'Sin', 'Neg', 'Sqrt', 'Exp', 'Log', 'Tanh', 'Sigmoid', 'Relu', 'Erf',
  'Abs', 'Min', 'Max', 'Identity', 'Reciprocal', 'Floor', 'Ceil', 'Clip', 'IsNaN', 'IsInf', 'Mod',
]);
const SHAPE_CARRIERS = new Set(['Identity', 'Cast', 'Unsqueeze', 'Squeeze']);

/** Batch dependence of every value, propagated from the inputs (which carry the batch on axis 0). */
export function analyzeBatchDependence(model: OnnxModel, index: GraphIndex, inputs: ModelInputSpec[]): Map<string, BatchDependence> {
  const state = new Map<string, BatchDependence>();
  for (const spec of inputs) state.set(spec.name, spec.role !== 'other' || typeof spec.dims[0] === 'string' ? 'axis0' : 'none');
  const get = (v: string): BatchDependence => (v ? state.get(v) ?? 'none' : 'none');
  for (const node of index.nodes) {
    const result = nodeDependence(model, index, node, (node.input ?? []).map(get));
    for (const o of node.output ?? []) state.set(o, result);
  }
  return state;
}

function nodeDependence(model: OnnxModel, index: GraphIndex, node: NodeProto, ins: BatchDependence[]): BatchDependence {
  if (ins.every((s) => s === 'none')) return 'none';
  if (ins.includes('unknown')) return 'unknown';
  const op = node.opType ?? '';
  const [first] = ins;
  if (op === 'Shape') return first === 'axis0' && intAttribute(node, 'start', 0) === 0 ? 'shape' : first === 'axis0' ? 'none' : 'unknown';
  if (SHAPE_CARRIERS.has(op) && (first === 'shape' || first === 'data')) return first;
  if (op === 'Gather' && first === 'shape' && ins[1] === 'none') return gatherFromShape(model, index, node);
  if (op === 'Slice' && first === 'shape' && ins.slice(1).every((s) => s === 'none')) {
    return (constantNumbers(model, index, node.input?.[1] ?? '')?.[0] ?? 0) === 0 ? 'shape' : 'none';
  }
  if (op === 'Concat' && intAttribute(node, 'axis', 0) === 0 && (first === 'shape' || first === 'data')) {
    return ins.slice(1).every((s) => s === 'none') ? 'shape' : 'unknown';
  }
  if (ins.includes('shape') || ins.includes('data')) return ELEMENTWISE.has(op) ? 'data' : layoutWithShape(op, ins);
  return axis0Layout(model, index, node, ins);
}

function gatherFromShape(model: OnnxModel, index: GraphIndex, node: NodeProto): BatchDependence {
  const indices = constantNumbers(model, index, node.input?.[1] ?? '');
  if (!indices) return 'unknown';
  return indices.includes(0) ? (indices.length === 1 ? 'data' : 'shape') : 'none';
}

/** Reshape/Expand to a shape that carries the batch keep the batch on axis 0. */
function layoutWithShape(op: string, ins: BatchDependence[]): BatchDependence {
  if ((op === 'Reshape' || op === 'Expand') && ins[1] === 'shape' && (ins[0] === 'axis0' || ins[0] === 'none')) return 'axis0';
  return 'unknown';
}

function axis0Layout(model: OnnxModel, index: GraphIndex, node: NodeProto, ins: BatchDependence[]): BatchDependence {
  const op = node.opType ?? '';
  if (ELEMENTWISE.has(op) || op === 'MatMul' || op === 'Softmax' || op === 'Concat') {
    return op === 'Concat' && intAttribute(node, 'axis', 0) === 0 ? 'unknown' : 'axis0';
  }
  if (op === 'Gather') return ins[0] === 'none' && intAttribute(node, 'axis', 0) === 0 ? 'axis0' : 'unknown';
  if (op === 'Unsqueeze' || op === 'Squeeze') {
    const axes = intsAttribute(node, 'axes') ?? constantNumbers(model, index, node.input?.[1] ?? '') ?? [0];
    return axes.includes(0) ? 'unknown' : 'axis0';
  }
  if (op === 'Transpose') return (intsAttribute(node, 'perm') ?? [1])[0] === 0 ? 'axis0' : 'unknown';
  if (op === 'Reshape') return (constantNumbers(model, index, node.input?.[1] ?? '') ?? [1])[0] === 0 ? 'axis0' : 'unknown';
  if (op === 'Slice') {
    const axes = constantNumbers(model, index, node.input?.[3] ?? '');
    return axes && !axes.includes(0) ? 'axis0' : 'unknown';
  }
  return 'unknown';
}
