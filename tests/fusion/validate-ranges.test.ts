import { describe, expect, it } from 'vitest';
import { parseRanges } from '../../lib/fusion/fusion-range.ts';
import { FusionRangeError } from '../../lib/fusion/fusion-range-error.ts';
import { validateFusionRanges } from '../../lib/fusion/validate-fusion-ranges.ts';

/** 24 blocks like the demo: attention everywhere but 6-14; block 20 has no FFN. */
const blocks = Array.from({ length: 24 }, (_, index) => ({ index, attention: index < 6 || index > 14, ffn: index !== 20 }));

function problems(ranges: Array<[number, number]>): string[] {
  try {
    validateFusionRanges(blocks, ranges);
  } catch (error) {
    if (error instanceof FusionRangeError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateFusionRanges', () => {
  it('accepts FFN-only ranges and sorts them', () => {
    expect(validateFusionRanges(blocks, [[10, 12], [6, 8]])).toEqual({ ranges: [[6, 8], [10, 12]], warnings: [] });
  });

  it('refuses overlapping, out-of-bounds, single-block, attention and FFN-less ranges with clear messages', () => {
    expect(problems([[6, 9], [9, 11]])).toEqual(['[6, 9] and [9, 11] overlap']);
    expect(problems([[12, 30]])).toEqual(['[12, 30] is out of bounds: the model has 24 blocks (0–23)']);
    expect(problems([[7, 7]])).toEqual(['[7, 7] is a single block: fusing needs at least two']);
    expect(problems([[4, 8]])).toEqual(['[4, 8] contains blocks 4, 5 with attention; only FFN-only blocks can be fused']);
    expect(problems([[19, 21]])[1]).toBe('[19, 21] contains block 20 without an FFN');
    expect(problems([[8, 6]])).toEqual(['[8, 6]: the last block comes before the first']);
    expect(problems([[4, 8], [7, 7]])).toHaveLength(3);
  });

  it('warns when a range includes the last FFN of an attention-free run, naming the better range', () => {
    expect(validateFusionRanges(blocks, [[6, 14]]).warnings).toEqual([
      '[6, 14] includes block 14, the last FFN of the attention-free run 6–14; the paper measured a clear accuracy cost for this; consider [6, 13]',
    ]);
  });

  it('parses range lists from the command line', () => {
    expect(parseRanges('6-14,20-22')).toEqual([[6, 14], [20, 22]]);
    expect(() => parseRanges('6-')).toThrow(/6-14/);
  });
});
