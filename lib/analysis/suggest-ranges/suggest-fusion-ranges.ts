import { attentionFreeRuns } from '../../onnx/summarize-structure.ts';
import { suggestBlockWindows } from './block-windows.ts';
import { formatDependency, rangeDependency } from './range-dependency.ts';
import { fusedWidth, splitRun, type SplitPiece } from './split-run.ts';
import type { DependencyMatrix, FusionSuggestions, RangeSuggestion, SuggestBlock, SuggestOptions } from './types.ts';

export const DEFAULT_MAX_DEPENDENCY = 2 ** -4;

/**
 * Ranges to fuse, from a dependency matrix and the block kinds (DESIGN.md section 1): each
 * attention-free run without its last FFN (the paper measured a clear cost for including it),
 * split where the largest M entry inside would pass maxDependency or the fused width maxFusedWidth;
 * plus the appendix-B full-block windows. Every suggestion says why.
 */
export function suggestFusionRanges(matrix: DependencyMatrix, blocks: SuggestBlock[], options: SuggestOptions = {}): FusionSuggestions {
  const limits = {
    maxDependency: options.maxDependency ?? DEFAULT_MAX_DEPENDENCY,
    maxFusedWidth: options.maxFusedWidth ?? null,
    widths: blocks.map((b) => b.ffnWidth ?? null),
  };
  const windowSize = options.windowSize ?? 4;
  const ffnRanges = attentionFreeRuns(blocks).flatMap((run) => {
    if (run[1] - run[0] < 2) return [];
    const pieces = splitRun(matrix, [run[0], run[1] - 1], limits);
    return pieces.filter((p) => p.range[1] > p.range[0]).map((p) => describePiece(matrix, run, p, limits));
  });
  return {
    ffnRanges,
    blockWindows: suggestBlockWindows(matrix, blocks.length, windowSize),
    options: { maxDependency: limits.maxDependency, maxFusedWidth: limits.maxFusedWidth, windowSize },
  };
}

function describePiece(
  matrix: DependencyMatrix, run: [number, number], piece: SplitPiece, limits: { maxDependency: number; maxFusedWidth: number | null; widths: Array<number | null> },
): RangeSuggestion {
  const dependency = rangeDependency(matrix, piece.range);
  const width = fusedWidth(limits.widths, piece.range);
  const parts = [`attention-free run ${run[0]}–${run[1]} without its last FFN (block ${run[1]})`];
  if (piece.cutBy === 'dependency') parts.push(`cut before block ${piece.range[1] + 1}: including it would pass max M ${formatDependency(limits.maxDependency)}`);
  if (piece.cutBy === 'width') parts.push(`cut before block ${piece.range[1] + 1}: including it would pass the fused width limit ${limits.maxFusedWidth}`);
  parts.push(`max M ${formatDependency(dependency.max)}, mean M ${formatDependency(dependency.mean)}`);
  if (width !== null) parts.push(`fused width ${width}`);
  return { range: piece.range, dependency, width, reason: parts.join('; ') };
}
