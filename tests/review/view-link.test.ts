import { describe, expect, it } from 'vitest';
import { formatViewLink, parseViewLink } from '../../lib/review/view-link.ts';

describe('shareable view links', () => {
  it('reads ranges and a cell', () => {
    expect(parseViewLink('?range=6-14&cell=3,7')).toEqual({ ranges: [[6, 14]], cell: { i: 3, j: 7 } });
    expect(parseViewLink('range=20-25,2-4&range=6-14')).toEqual({ ranges: [[2, 4], [6, 14], [20, 25]], cell: null });
  });

  it('ignores malformed, empty, duplicate and out-of-matrix parts', () => {
    expect(parseViewLink('range=4-2,x-3,5-5,1-2,1-2,30-40&cell=1;2', 32)).toEqual({ ranges: [[1, 2]], cell: null });
    expect(parseViewLink('cell=40,1', 32).cell).toBeNull();
  });

  it('writes what it reads', () => {
    const view = { ranges: [[2, 4], [6, 14]] as Array<[number, number]>, cell: { i: 3, j: 7 } };
    expect(formatViewLink(view)).toBe('range=2-4,6-14&cell=3,7');
    expect(parseViewLink(formatViewLink(view))).toEqual(view);
    expect(formatViewLink({})).toBe('');
  });
});
