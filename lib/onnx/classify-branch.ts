import type { SublayerKind } from './decoder-structure.ts';
import { isActivationOp } from './find-ffn-weights.ts';
import type { ResidualStep } from './find-residual-chain.ts';

const ATTENTION_OPS = new Set(['Softmax', 'Attention', 'GroupQueryAttention', 'MultiHeadAttention', 'PackedAttention', 'SparseAttention']);

/** Attention when the branch holds a Softmax or an attention op; FFN when it holds an activation; else null. */
export function classifyBranch(step: ResidualStep): SublayerKind | null {
  const ops = step.branchNodes.map((n) => n.opType ?? '');
  if (ops.some((op) => ATTENTION_OPS.has(op))) return 'attention';
  if (ops.some(isActivationOp)) return 'ffn';
  return null;
}

export function describeBranchOps(step: ResidualStep): string {
  const counts = new Map<string, number>();
  for (const node of step.branchNodes) counts.set(node.opType ?? '?', (counts.get(node.opType ?? '?') ?? 0) + 1);
  return [...counts].map(([op, n]) => (n > 1 ? `${op} x${n}` : op)).join(', ');
}
