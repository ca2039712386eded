import { describe, expect, it } from 'vitest';
import { countBlockEvaluations, normalizeRows, variantEvaluations } from '../../lib/analysis/matrix-rows.ts';
import { formatDuration, formatProgressBar } from '../../lib/analysis/progress-bar.ts';

describe('matrix rows', () => {
  it('counts L(L+1)/2 block evaluations for all rows against L(L+1) naive', () => {
    for (const L of [1, 2, 5, 24, 96]) {
      expect(countBlockEvaluations(normalizeRows(undefined, L), L)).toBe((L * (L + 1)) / 2);
    }
    expect(countBlockEvaluations([2, 4], 6)).toBe(6 + 3 + 1);
    expect(variantEvaluations(5, 6)).toBe(0);
  });

  it('validates and sorts requested rows', () => {
    expect(normalizeRows([5, 1, 5, 3], 6)).toEqual([1, 3, 5]);
    expect(() => normalizeRows([6], 6)).toThrow(/not a block index/);
    expect(() => normalizeRows([1.5], 6)).toThrow(/not a block index/);
  });
});

describe('progress bar', () => {
  it('shows rows, evaluations and ETA', () => {
    const line = formatProgressBar({ rowsDone: 3, rowsTotal: 12, blockEvaluationsDone: 39, blockEvaluationsTotal: 78, elapsedMs: 5000, etaMs: 65_000 }, 10);
    expect(line).toBe('[#####.....] rows 3/12  blocks 39/78  5s elapsed, ETA 1m05s');
    expect(formatDuration(3_700_000)).toBe('1h01m');
  });
});
