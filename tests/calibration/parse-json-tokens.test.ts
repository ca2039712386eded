import { describe, expect, it } from 'vitest';
import { parseJsonTokens } from '../../lib/calibration/parse-json-tokens.ts';
import { expectCalibrationError } from './expect-calibration-error.ts';

describe('parseJsonTokens', () => {
  it('reads a flat array of ids', () => {
    expect(parseJsonTokens('[1, 2, 300]')).toEqual({ ids: BigInt64Array.from([1n, 2n, 300n]), shape: [3] });
  });

  it('reads equally long rows in row order', () => {
    expect(parseJsonTokens('[[1, 2], [3, 4], [5, 6]]')).toEqual({
      ids: BigInt64Array.from([1n, 2n, 3n, 4n, 5n, 6n]),
      shape: [3, 2],
    });
  });

  it('says which element is not an integer id', () => {
    expectCalibrationError(
      () => parseJsonTokens('[1, 2.5, 3]'),
      'bad-json',
      'cannot read the JSON token file: element 1 is number 2.5, not an integer token id',
    );
    expectCalibrationError(() => parseJsonTokens('[[1, 2], [3, "x"]]'), 'bad-json', /row 1, element 1 is the string "x"/);
    expectCalibrationError(() => parseJsonTokens('[1e300]'), 'bad-json', /element 0 is number 1e\+300/);
  });

  it('refuses ragged rows, non-arrays and broken JSON', () => {
    expectCalibrationError(() => parseJsonTokens('[[1, 2], [3]]'), 'bad-json', /row 1 has 1 ids, row 0 has 2/);
    expectCalibrationError(() => parseJsonTokens('{"ids": [1]}'), 'bad-json', /it holds an object, not an array of token ids/);
    expectCalibrationError(() => parseJsonTokens('[1, 2'), 'bad-json', /it is not valid JSON/);
  });
});
