import { attentionFreeRuns } from '../onnx/summarize-structure.ts';
import { FusionRangeError } from './fusion-range-error.ts';
import { formatRange, type FusionRange } from './fusion-range.ts';

export interface BlockKinds {
  index: number;
  attention: boolean;
  ffn: boolean;
}

export interface ValidatedRanges {
  /** The ranges sorted by first block. */
  ranges: FusionRange[];
  /** Allowed but costly choices, each naming the better range. */
  warnings: string[];
}

/**
 * Checks ranges against the blocks: each must be inside the model, hold at least two blocks, all
 * FFN-only, and not overlap another. Throws FusionRangeError listing every problem; returns the
 * warnings for ranges that include the last FFN of an attention-free run.
 */
export function validateFusionRanges(blocks: BlockKinds[], ranges: FusionRange[]): ValidatedRanges {
  if (ranges.length === 0) throw new FusionRangeError(['give at least one range [a, b] of blocks to fuse']);
  const problems = ranges.flatMap((range) => rangeProblems(blocks, range));
  problems.push(...overlapProblems(ranges));
  if (problems.length) throw new FusionRangeError(problems);
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  return { ranges: sorted, warnings: sorted.flatMap((range) => lastFfnWarning(blocks, range)) };
}

function rangeProblems(blocks: BlockKinds[], range: FusionRange): string[] {
  const [a, b] = range;
  const name = formatRange(range);
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0) return [`${name}: block indices must be whole numbers from 0`];
  if (b < a) return [`${name}: the last block comes before the first`];
  if (b >= blocks.length) return [`${name} is out of bounds: the model has ${blocks.length} blocks (0–${blocks.length - 1})`];
  if (a === b) return [`${name} is a single block: fusing needs at least two`];
  const problems: string[] = [];
  const withAttention = blocks.slice(a, b + 1).filter((x) => x.attention).map((x) => x.index);
  if (withAttention.length) problems.push(`${name} contains ${plural('block', withAttention)} with attention; only FFN-only blocks can be fused`);
  const withoutFfn = blocks.slice(a, b + 1).filter((x) => !x.ffn).map((x) => x.index);
  if (withoutFfn.length) problems.push(`${name} contains ${plural('block', withoutFfn)} without an FFN`);
  return problems;
}

function overlapProblems(ranges: FusionRange[]): string[] {
  const problems: string[] = [];
  ranges.forEach((x, i) => ranges.slice(i + 1).forEach((y) => {
    if (x[0] <= y[1] && y[0] <= x[1]) problems.push(`${formatRange(x)} and ${formatRange(y)} overlap`);
  }));
  return problems;
}

function lastFfnWarning(blocks: BlockKinds[], [a, b]: FusionRange): string[] {
  const run = attentionFreeRuns(blocks).find(([first, last]) => first <= a && b <= last);
  if (!run || run[1] !== b) return [];
  const advice = b - 1 > a ? `consider ${formatRange([a, b - 1])}` : 'consider leaving it out';
  return [`${formatRange([a, b])} includes block ${b}, the last FFN of the attention-free run ${run[0]}–${run[1]}; the paper measured a clear accuracy cost for this; ${advice}`];
}

function plural(noun: string, indices: number[]): string {
  return indices.length === 1 ? `${noun} ${indices[0]}` : `${noun}s ${indices.join(', ')}`;
}
