import { formatDependency, rangeDependency } from './range-dependency.ts';
import type { DependencyMatrix, RangeSuggestion } from './types.ts';

/**
 * Appendix B of the paper: every window [i, i+size-1] ranked by the largest entry of its
 * sub-matrix, ties by the sum; windows taken greedily in that order, skipping any that overlaps
 * one already taken. Returned in the order taken (best first).
 */
export function suggestBlockWindows(matrix: DependencyMatrix, blockCount: number, size: number): RangeSuggestion[] {
  const windows = Array.from({ length: Math.max(0, blockCount - size + 1) }, (_, i) => {
    const range: [number, number] = [i, i + size - 1];
    return { range, dependency: rangeDependency(matrix, range) };
  }).filter((w) => w.dependency.max !== null);
  windows.sort((x, y) => (x.dependency.max! - y.dependency.max!) || (x.dependency.sum - y.dependency.sum));
  const taken: RangeSuggestion[] = [];
  for (const w of windows) {
    if (taken.some((t) => w.range[0] <= t.range[1] && t.range[0] <= w.range[1])) continue;
    const reason = `window ${taken.length + 1} in rank order: max M ${formatDependency(w.dependency.max)}, sum ${w.dependency.sum.toPrecision(3)}, mean ${formatDependency(w.dependency.mean)}`;
    taken.push({ range: w.range, dependency: w.dependency, width: null, reason });
  }
  return taken;
}
