import type { BlockShape } from './block-kinds.ts';

export type BlockRange = [number, number];

export interface RangeIssue {
  severity: 'error' | 'warning';
  message: string;
}

function runContaining(index: number, runs: ReadonlyArray<BlockRange>): BlockRange | undefined {
  return runs.find(([a, b]) => index >= a && index <= b);
}

/**
 * What is wrong with one range among the selected ones. Errors block a launch: a block with
 * attention (only FFN-only blocks fuse), fewer than two blocks, overlap. The warning is the
 * paper's finding that including the last FFN of an attention-free run costs clearly more accuracy.
 */
export function validateRange(range: BlockRange, others: ReadonlyArray<BlockRange>, blocks: ReadonlyArray<BlockShape>, attentionFreeRuns: ReadonlyArray<BlockRange>): RangeIssue[] {
  const [a, b] = range;
  const issues: RangeIssue[] = [];
  if (a < 0 || b >= blocks.length) return [{ severity: 'error', message: `blocks ${a}–${b} are outside the model (0–${blocks.length - 1})` }];
  if (b <= a) issues.push({ severity: 'error', message: 'a fusion needs at least two blocks' });
  const withAttention = blocks.slice(a, b + 1).filter((blk) => blk.attention || !blk.ffn).map((blk) => blk.index);
  if (withAttention.length) issues.push({ severity: 'error', message: `block${withAttention.length > 1 ? 's' : ''} ${withAttention.join(', ')} ${withAttention.length > 1 ? 'are' : 'is'} not FFN-only` });
  const overlapping = others.filter(([c, d]) => c <= b && a <= d);
  if (overlapping.length) issues.push({ severity: 'error', message: `overlaps ${overlapping.map(([c, d]) => `[${c}, ${d}]`).join(', ')}` });
  const run = runContaining(b, attentionFreeRuns);
  if (run && run[1] === b && !withAttention.length) issues.push({ severity: 'warning', message: `includes block ${b}, the last FFN of the attention-free run ${run[0]}–${run[1]}: usually costs clearly more accuracy` });
  return issues;
}

export function validateRanges(ranges: ReadonlyArray<BlockRange>, blocks: ReadonlyArray<BlockShape>, attentionFreeRuns: ReadonlyArray<BlockRange>): RangeIssue[][] {
  return ranges.map((r, k) => validateRange(r, ranges.filter((_, m) => m !== k), blocks, attentionFreeRuns));
}

export function hasErrors(issues: RangeIssue[][]): boolean {
  return issues.some((list) => list.some((i) => i.severity === 'error'));
}
