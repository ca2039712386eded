import { describe, expect, it } from 'vitest';
import { activeCount, countBlockEvaluations, normalizeRows, planVariantGroups } from '../../lib/analysis/variant-plan.ts';
import { estimateVariantBytes, variantBatchForBudget } from '../../lib/analysis/variant-budget.ts';
import { formatDuration, formatProgressBar } from '../../lib/analysis/progress-bar.ts';

describe('variant plan', () => {
  it('counts L(L+1)/2 block evaluations for all rows against L(L+1) naive', () => {
    for (const L of [1, 2, 5, 24, 96]) {
      expect(countBlockEvaluations(normalizeRows(undefined, L), L)).toBe((L * (L + 1)) / 2);
    }
    expect(countBlockEvaluations([2, 4], 6)).toBe(6 + 3 + 1);
  });

  it('groups consecutive rows and activates a prefix per block', () => {
    const groups = planVariantGroups(normalizeRows(undefined, 7), 3);
    expect(groups.map((g) => g.rows)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(groups[1].firstBlock).toBe(4);
    expect([4, 5, 6].map((j) => activeCount(groups[1], j))).toEqual([1, 2, 3]);
    expect(activeCount(groups[2], 6)).toBe(0);
  });

  it('validates and sorts requested rows', () => {
    expect(normalizeRows([5, 1, 5, 3], 6)).toEqual([1, 3, 5]);
    expect(() => normalizeRows([6], 6)).toThrow(/not a block index/);
    expect(() => planVariantGroups([1], 0)).toThrow();
  });

  it('derives a variant batch from a memory budget', () => {
    const shape = { sequences: 16, seqLen: 256, hiddenSize: 160, maxFfnWidth: 640 };
    const per = estimateVariantBytes(shape);
    expect(variantBatchForBudget(per * 5.5, shape)).toBe(5);
    expect(variantBatchForBudget(1, shape)).toBe(1);
  });
});

describe('progress bar', () => {
  it('shows rows, evaluations and ETA', () => {
    const line = formatProgressBar({ rowsDone: 3, rowsTotal: 12, blockEvaluationsDone: 39, blockEvaluationsTotal: 78, elapsedMs: 5000, etaMs: 65_000 }, 10);
    expect(line).toBe('[#####.....] rows 3/12  blocks 39/78  5s elapsed, ETA 1m05s');
    expect(formatDuration(3_700_000)).toBe('1h01m');
  });
});
