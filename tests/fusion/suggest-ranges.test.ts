import { describe, expect, it } from 'vitest';
import { suggestFusionRanges } from '../../lib/analysis/suggest-ranges/suggest-fusion-ranges.ts';
import { suggestBlockWindows } from '../../lib/analysis/suggest-ranges/block-windows.ts';
import { rangeDependency } from '../../lib/analysis/suggest-ranges/range-dependency.ts';
import type { DependencyMatrix } from '../../lib/analysis/suggest-ranges/types.ts';

/** L x L matrix: `base` everywhere above the diagonal, then the given entries. */
function matrix(L: number, base: number, entries: Array<[number, number, number]> = []): DependencyMatrix {
  const m: DependencyMatrix = Array.from({ length: L }, (_, i) => Array.from({ length: L }, (_, j) => (j > i ? base : null)));
  for (const [i, j, v] of entries) m[i][j] = v;
  return m;
}

const blocks = (L: number, attentionFree: number[], width = 100) =>
  Array.from({ length: L }, (_, index) => ({ index, attention: !attentionFree.includes(index), ffn: true, ffnWidth: width }));

describe('suggestFusionRanges', () => {
  it('proposes each attention-free run without its last FFN, with max and mean M and width', () => {
    const m = matrix(10, 0.01, [[3, 4, 0.03]]);
    const s = suggestFusionRanges(m, blocks(10, [2, 3, 4, 5, 6]));
    expect(s.ffnRanges.map((r) => r.range)).toEqual([[2, 5]]);
    const [r] = s.ffnRanges;
    expect(r.dependency.max).toBe(0.03);
    expect(r.dependency.mean).toBeCloseTo((5 * 0.01 + 0.03) / 6, 12);
    expect(r.width).toBe(400);
    expect(r.reason).toContain('attention-free run 2–6 without its last FFN (block 6)');
    expect(r.reason).toContain('fused width 400');
  });

  it('splits where the largest entry would pass the threshold', () => {
    // Block 5 depends strongly on block 3: a range holding both is refused.
    const m = matrix(10, 0.01, [[3, 5, 0.2]]);
    const s = suggestFusionRanges(m, blocks(10, [1, 2, 3, 4, 5, 6, 7, 8]), { maxDependency: 0.1 });
    expect(s.ffnRanges.map((r) => r.range)).toEqual([[1, 4], [5, 7]]);
    expect(s.ffnRanges[0].reason).toContain('cut before block 5');
  });

  it('splits where the fused width would pass the limit, and drops single blocks', () => {
    const s = suggestFusionRanges(matrix(10, 0.01), blocks(10, [1, 2, 3, 4, 5, 6]), { maxFusedWidth: 200 });
    expect(s.ffnRanges.map((r) => r.range)).toEqual([[1, 2], [3, 4]]);
    expect(s.ffnRanges[0].reason).toContain('fused width limit 200');
  });

  it('skips runs too short to keep two blocks without their last FFN', () => {
    const s = suggestFusionRanges(matrix(8, 0.01), blocks(8, [1, 2, 5]));
    expect(s.ffnRanges).toEqual([]);
  });
});

describe('appendix-B block windows', () => {
  it('ranks 4-block windows by max then sum and picks greedily without overlap', () => {
    // Windows starting at 0..6 (L = 10); make [4, 7] best, [0, 3] tie on max with [1, 4] but lower sum.
    const m = matrix(10, 0.5);
    for (let i = 4; i <= 7; i++) for (let j = i + 1; j <= 7; j++) m[i][j] = 0.01;
    for (let i = 0; i <= 4; i++) for (let j = i + 1; j <= 4; j++) m[i][j] = 0.1;
    m[0][1] = 0.05;
    const windows = suggestBlockWindows(m, 10, 4);
    expect(windows.map((w) => w.range)).toEqual([[4, 7], [0, 3]]);
    expect(windows[0].dependency.max).toBe(0.01);
    expect(windows[1].dependency.sum).toBeCloseTo(0.05 + 5 * 0.1, 12);
    expect(windows[1].reason).toContain('window 2');
  });

  it('the sub-matrix statistics ignore entries not computed', () => {
    const m = matrix(4, 0.2, [[0, 1, null as unknown as number]]);
    expect(rangeDependency(m, [0, 3])).toEqual({ max: 0.2, mean: 0.2, sum: 5 * 0.2 });
  });
});
