import { DataType } from './data-types.ts';
import type { GraphIndex } from './graph-index.ts';
import type { NodeProto } from './onnx-types.ts';
import { tensorElementCount } from './tensor-data.ts';

const FLOAT_TYPES = new Set<number>([DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16, DataType.DOUBLE]);

/**
 * Constant-only nodes feeding a branch (weight Transposes, Constant nodes) and the initializers
 * the branch reads through them or directly.
 */
export function branchConstants(index: GraphIndex, nodes: NodeProto[]): { nodes: NodeProto[]; initializers: string[] } {
  const inBranch = new Set(nodes);
  const constantNodes = new Set<NodeProto>();
  const initializers = new Set<string>();
  const stack = nodes.flatMap((n) => n.input ?? []);
  while (stack.length) {
    const value = stack.pop()!;
    if (index.initializers.has(value)) {
      initializers.add(value);
      continue;
    }
    const producer = index.producer.get(value);
    if (!producer || inBranch.has(producer) || constantNodes.has(producer)) continue;
    if (!(producer.input ?? []).every((i) => !i || index.initializers.has(i) || isConstantNode(index, i))) continue;
    constantNodes.add(producer);
    stack.push(...(producer.input ?? []));
  }
  return { nodes: [...constantNodes], initializers: [...initializers] };
}

function isConstantNode(index: GraphIndex, value: string): boolean {
  const p = index.producer.get(value);
  return p !== undefined && (p.opType === 'Constant' || (p.input ?? []).every((i) => !i || index.initializers.has(i) || isConstantNode(index, i)));
}

/** Number of floating-point parameters in the given initializers (scalars such as epsilons excluded). */
export function parameterCount(index: GraphIndex, initializers: string[]): number {
  let total = 0;
  for (const name of initializers) {
    const tensor = index.initializers.get(name);
    if (tensor && FLOAT_TYPES.has(tensor.dataType ?? 0) && (tensor.dims ?? []).length > 0) total += tensorElementCount(tensor);
  }
  return total;
}
