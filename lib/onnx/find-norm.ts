import { constantNumbers, constantTensor, floatAttribute } from './constant-values.ts';
import type { GraphIndex } from './graph-index.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { NodeProto } from './onnx-types.ts';
import { storedInitializer } from './stored-initializer.ts';
import { tensorElementCount } from './tensor-data.ts';

export interface NormInfo {
  kind: 'rms' | 'layer' | null;
  /** Scale: the stored initializer (behind any Identity or float Cast) or a Constant's output; null without one. */
  scale: string | null;
  bias: string | null;
  epsilon: number;
}

const FUSED_NORMS: Record<string, 'rms' | 'layer'> = {
  SimplifiedLayerNormalization: 'rms',
  RMSNormalization: 'rms',
  LayerNormalization: 'layer',
};

/**
 * The normalization producing `normalized` inside a branch: a fused norm op, or the decomposed
 * pattern x / rms(x) (Pow, ReduceMean, Add eps, Sqrt, Div or Reciprocal) times a scale of size `hidden`.
 */
export function findNorm(model: OnnxModel, index: GraphIndex, normalized: string, branch: Set<NodeProto>, hidden: number): NormInfo {
  const producer = index.producer.get(normalized);
  if (!producer || !branch.has(producer)) return { kind: null, scale: null, bias: null, epsilon: 0 };
  const fused = FUSED_NORMS[producer.opType ?? ''];
  if (fused) {
    const [, scale, bias] = producer.input ?? [];
    return { kind: fused, scale: stored(index, scale), bias: stored(index, bias), epsilon: floatAttribute(producer, 'epsilon', 1e-5) };
  }
  let scaled = producer;
  let bias: string | null = null;
  if (producer.opType === 'Add') {
    const c = constantOperand(index, producer, hidden);
    const next = c ? index.producer.get(otherOperand(producer, c)) : undefined;
    if (c && next?.opType === 'Mul') [scaled, bias] = [next, c];
  }
  const scale = scaled.opType === 'Mul' ? constantOperand(index, scaled, hidden) : null;
  const patternStart = scale ? otherOperand(scaled, scale) : normalized;
  const pattern = ancestorsWithin(index, patternStart, branch);
  const ops = new Set(pattern.map((n) => n.opType));
  if (!ops.has('ReduceMean')) return { kind: null, scale: null, bias: null, epsilon: 0 };
  const kind = ops.has('Sub') ? 'layer' : 'rms';
  return { kind, scale: stored(index, scale), bias: stored(index, bias), epsilon: findEpsilon(model, index, pattern) };
}

/** The initializer behind a constant operand (half-precision scales are read through a Cast), else the value itself. */
function stored(index: GraphIndex, value: string | null | undefined): string | null {
  if (!value) return null;
  return storedInitializer(index, value) ?? value;
}

function findEpsilon(model: OnnxModel, index: GraphIndex, pattern: NodeProto[]): number {
  for (const node of pattern) {
    if (node.opType !== 'Add') continue;
    for (const input of node.input ?? []) {
      const values = constantNumbers(model, index, input);
      if (values && values.length === 1) return values[0];
    }
  }
  return 0;
}

function constantOperand(index: GraphIndex, node: NodeProto, size: number): string | null {
  for (const input of node.input ?? []) {
    const tensor = constantTensor(index, input);
    if (tensor && tensorElementCount(tensor) === size) return input;
  }
  return null;
}

function otherOperand(node: NodeProto, operand: string): string {
  return (node.input ?? []).find((i) => i !== operand) ?? '';
}

function ancestorsWithin(index: GraphIndex, value: string, within: Set<NodeProto>): NodeProto[] {
  const seen = new Set<NodeProto>();
  const stack = [value];
  while (stack.length) {
    const node = index.producer.get(stack.pop()!);
    if (!node || seen.has(node) || !within.has(node)) continue;
    seen.add(node);
    stack.push(...(node.input ?? []));
  }
  return [...seen].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}
