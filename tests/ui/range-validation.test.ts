import { describe, expect, it } from 'vitest';
import { hasErrors, validateRange, validateRanges } from '../../components/heatmap/range-validation.ts';

// blocks 0-1 attention+FFN, 2-5 FFN-only (one attention-free run), 6 attention+FFN, 7 attention only
const blocks = [true, true, false, false, false, false, true, true].map((attention, index) => ({ index, attention, ffn: index !== 7 }));
const runs: Array<[number, number]> = [[2, 5]];

describe('inline range validation', () => {
  it('accepts an FFN-only range that leaves the run\'s last FFN out', () => {
    expect(validateRange([2, 4], [], blocks, runs)).toEqual([]);
  });

  it('warns when the range includes the last FFN of an attention-free run', () => {
    const issues = validateRange([3, 5], [], blocks, runs);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning' });
    expect(issues[0]!.message).toMatch(/last FFN .* 2–5/);
  });

  it('refuses blocks with attention, single blocks, blocks outside the model and overlaps', () => {
    expect(validateRange([1, 3], [], blocks, runs)[0]).toMatchObject({ severity: 'error', message: 'block 1 is not FFN-only' });
    expect(validateRange([5, 7], [], blocks, runs)[0]!.message).toBe('blocks 6, 7 are not FFN-only');
    expect(validateRange([3, 3], [], blocks, runs)[0]!.message).toMatch(/at least two blocks/);
    expect(validateRange([6, 9], [], blocks, runs)[0]!.message).toMatch(/outside the model/);
    const both = validateRanges([[2, 3], [3, 4]], blocks, runs);
    expect(both[0]![0]!.message).toBe('overlaps [3, 4]');
    expect(both[1]![0]!.message).toBe('overlaps [2, 3]');
    expect(hasErrors(both)).toBe(true);
    expect(hasErrors(validateRanges([[2, 3], [4, 5]], blocks, runs))).toBe(false);
  });
});
