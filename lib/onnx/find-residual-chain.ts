import type { GraphIndex } from './graph-index.ts';
import type { NodeProto } from './onnx-types.ts';
import { streamDependentValues } from './stream-dependent-values.ts';

/** One residual addition: `output = stream + branch` (stream possibly through Identity/Cast), the branch computed from `stream`. */
export interface ResidualStep {
  add: NodeProto;
  stream: string;
  branch: string;
  output: string;
  /** Nodes computing the branch from the stream (descendants of `stream`, ancestors of `branch`). */
  branchNodes: NodeProto[];
}

export const PROJECTION_OPS = new Set([
  'MatMul', 'Gemm', 'FusedMatMul', 'MatMulNBits', 'MatMulInteger', 'Attention', 'GroupQueryAttention', 'MultiHeadAttention',
]);

/**
 * The residual stream: the longest chain of Add nodes where each adds a branch (holding at least
 * one projection) computed from its other operand, and that operand is the previous Add's output.
 * Found from topology alone. Returns [] when there is no such Add. With `from` (the embedding
 * output), only values computed from its data are considered as the stream: this keeps the search
 * local and rules out values built from its shape alone (masks), which later layers also depend on.
 */
export function findResidualChain(index: GraphIndex, from?: string): ResidualStep[] {
  const reachable = from === undefined ? null : streamDependentValues(index, from);
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
  for (const [operand, branch] of [[a, b], [b, a]]) {
    const stream = throughCasts(index, operand);
    if (reachable && !reachable.has(stream)) continue;
    const nodes = branchNodes(index, stream, branch);
    if (nodes && nodes.some((n) => PROJECTION_OPS.has(n.opType ?? ''))) return { add, stream, branch, output, branchNodes: nodes };
  }
  return null;
}

const SHAPE_ONLY_OPS = new Set(['Shape', 'Size']);

/**
 * The stream value behind a residual operand: TorchScript exports of `residual = x` sometimes add
 * `Cast(x)` (the norm's `x.float()`, shared by CSE) instead of `x`, so Identity/Cast are looked through.
 */
function throughCasts(index: GraphIndex, value: string): string {
  let current = value;
  for (let p = index.producer.get(current); p && (p.opType === 'Cast' || p.opType === 'Identity'); p = index.producer.get(current)) {
    current = p.input?.[0] ?? '';
  }
  return current;
}

/**
 * Nodes on paths from `stream` to `branch`, or null when `branch` does not depend on `stream`.
 * Reading only the stream's shape does not count (HF derives the mask from inputs_embeds.shape).
 */
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
    if (!(node.input ?? []).some((i) => reached.has(i) && !(i === stream && SHAPE_ONLY_OPS.has(node.opType ?? '')))) continue;
    result.push(node);
    for (const o of node.output ?? []) reached.add(o);
  }
  return reached.has(branch) ? result : null;
}

