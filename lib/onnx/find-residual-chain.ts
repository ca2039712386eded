import type { GraphIndex } from './graph-index.ts';
import type { NodeProto } from './onnx-types.ts';

/** One residual addition: `output = stream + branch`, the branch computed from `stream`. */
export interface ResidualStep {
  add: NodeProto;
  stream: string;
  branch: string;
  output: string;
  /** Nodes computing the branch from the stream (descendants of `stream`, ancestors of `branch`). */
  branchNodes: NodeProto[];
}

const PROJECTION_OPS = new Set([
  'MatMul', 'Gemm', 'FusedMatMul', 'MatMulNBits', 'MatMulInteger', 'Attention', 'GroupQueryAttention', 'MultiHeadAttention',
]);

/**
 * The residual stream: the longest chain of Add nodes where each adds a branch (holding at least
 * one projection) computed from its other operand, and that operand is the previous Add's output.
 * Found from topology alone. Returns [] when there is no such Add. With `from` (the embedding
 * output), only values computed from it are considered as the stream, which keeps the search local.
 */
export function findResidualChain(index: GraphIndex, from?: string): ResidualStep[] {
  const reachable = from === undefined ? null : descendantsOf(index, from);
  const steps = index.nodes.filter((n) => n.opType === 'Add' && !n.domain).map((n) => residualStep(index, n, reachable));
  const byStream = new Map<string, ResidualStep>();
  for (const step of steps) if (step && !byStream.has(step.stream)) byStream.set(step.stream, step);
  const outputs = new Set([...byStream.values()].map((s) => s.output));
  let best: ResidualStep[] = [];
  for (const start of byStream.keys()) {
    if (outputs.has(start)) continue;
    const chain: ResidualStep[] = [];
    for (let step = byStream.get(start); step; step = byStream.get(step.output)) chain.push(step);
    if (chain.length > best.length) best = chain;
  }
  return best;
}

function residualStep(index: GraphIndex, add: NodeProto, reachable: Set<string> | null): ResidualStep | null {
  const [a, b] = add.input ?? [];
  const output = add.output?.[0];
  if (!a || !b || !output || a === b) return null;
  for (const [stream, branch] of [[a, b], [b, a]]) {
    if (reachable && !reachable.has(stream)) continue;
    const nodes = branchNodes(index, stream, branch);
    if (nodes && nodes.some((n) => PROJECTION_OPS.has(n.opType ?? ''))) return { add, stream, branch, output, branchNodes: nodes };
  }
  return null;
}

/** Nodes on paths from `stream` to `branch`, or null when `branch` does not depend on `stream`. */
export function branchNodes(index: GraphIndex, stream: string, branch: string): NodeProto[] | null {
  const end = index.producer.get(branch);
  if (!end) return null;
  const start = index.producer.get(stream);
  const startPosition = start ? index.position.get(start)! : -1;
  const window = new Set<NodeProto>();
  const stack = [end];
  while (stack.length) {
    const node = stack.pop()!;
    if (window.has(node)) continue;
    window.add(node);
    for (const input of node.input ?? []) {
      const p = input ? index.producer.get(input) : undefined;
      if (p && index.position.get(p)! > startPosition && !window.has(p)) stack.push(p);
    }
  }
  const ordered = [...window].sort((x, y) => index.position.get(x)! - index.position.get(y)!);
  const reached = new Set([stream]);
  const result: NodeProto[] = [];
  for (const node of ordered) {
    if (!(node.input ?? []).some((i) => reached.has(i))) continue;
    result.push(node);
    for (const o of node.output ?? []) reached.add(o);
  }
  return reached.has(branch) ? result : null;
}

/** `value` and every value computed from it. */
export function descendantsOf(index: GraphIndex, value: string): Set<string> {
  const reached = new Set([value]);
  for (const node of index.nodes) {
    if ((node.input ?? []).some((i) => reached.has(i))) for (const o of node.output ?? []) reached.add(o);
  }
  return reached;
}
