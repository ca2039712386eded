import { rangeDependency } from './range-dependency.ts';
import type { DependencyMatrix } from './types.ts';

export interface SplitLimits {
  maxDependency: number;
  maxFusedWidth: number | null;
  widths: Array<number | null>;
}

export interface SplitPiece {
  range: [number, number];
  /** Why the piece ends before the next block, null when it reaches the end of the span. */
  cutBy: 'dependency' | 'width' | null;
}

/**
 * Cuts [first, last] into consecutive pieces, growing each while its largest M entry stays within
 * maxDependency and its fused width within maxFusedWidth. Single blocks are kept (the caller drops them).
 */
export function splitRun(matrix: DependencyMatrix, [first, last]: [number, number], limits: SplitLimits): SplitPiece[] {
  const pieces: SplitPiece[] = [];
  let start = first;
  for (let end = first + 1; end <= last + 1; end++) {
    if (end > last) {
      pieces.push({ range: [start, last], cutBy: null });
      break;
    }
    const cutBy = cutReason(matrix, [start, end], limits);
    if (cutBy) {
      pieces.push({ range: [start, end - 1], cutBy });
      start = end;
    }
  }
  return pieces;
}

function cutReason(matrix: DependencyMatrix, range: [number, number], limits: SplitLimits): SplitPiece['cutBy'] {
  const { max } = rangeDependency(matrix, range);
  if (max !== null && max > limits.maxDependency) return 'dependency';
  const width = fusedWidth(limits.widths, range);
  if (limits.maxFusedWidth !== null && width !== null && width > limits.maxFusedWidth) return 'width';
  return null;
}

export function fusedWidth(widths: Array<number | null>, [a, b]: [number, number]): number | null {
  let sum = 0;
  for (let k = a; k <= b; k++) {
    const w = widths[k];
    if (w === null || w === undefined) return null;
    sum += w;
  }
  return sum;
}
