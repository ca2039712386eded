import { describe, expect, it } from 'vitest';
import { decodeRawTokens } from '../../lib/calibration/decode-raw-tokens.ts';
import { parseTokenDtype } from '../../lib/calibration/token-dtype.ts';
import { expectCalibrationError } from './expect-calibration-error.ts';

// Typed arrays are little-endian on the machines Node runs on here (x86-64, arm64).
function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

describe('decodeRawTokens', () => {
  it('reads uint8 bytes as ids 0..255', () => {
    expect(Array.from(decodeRawTokens(Uint8Array.from([0, 7, 255]), 'uint8'))).toEqual([0n, 7n, 255n]);
  });

  it('reads little-endian uint16, int32 and int64', () => {
    expect(Array.from(decodeRawTokens(bytesOf(Uint16Array.from([1, 258, 65535])), 'uint16'))).toEqual([1n, 258n, 65535n]);
    expect(Array.from(decodeRawTokens(bytesOf(Int32Array.from([5, -1, 2 ** 31 - 1])), 'int32'))).toEqual([5n, -1n, 2147483647n]);
    const big = [2n ** 53n + 1n, -3n];
    expect(Array.from(decodeRawTokens(bytesOf(BigInt64Array.from(big)), 'int64'))).toEqual(big);
  });

  it('reads from a view that does not start at an aligned offset', () => {
    const buffer = new Uint8Array([9, 1, 0, 2, 0]);
    expect(Array.from(decodeRawTokens(buffer.subarray(1), 'uint16'))).toEqual([1n, 2n]);
  });

  it('refuses a size that is not a whole number of ids', () => {
    expectCalibrationError(
      () => decodeRawTokens(new Uint8Array(1001), 'uint16'),
      'truncated',
      '1001 bytes is not a multiple of 2 (the size of one uint16 token id): the file is truncated or the dtype is wrong',
    );
    expectCalibrationError(() => decodeRawTokens(new Uint8Array(12), 'int64'), 'truncated', /12 bytes is not a multiple of 8/);
  });
});

describe('parseTokenDtype', () => {
  it('accepts the four dtypes and names them when refusing another', () => {
    expect(parseTokenDtype('int32')).toBe('int32');
    expectCalibrationError(
      () => parseTokenDtype('float32'),
      'unknown-dtype',
      'unknown token dtype "float32": expected one of uint8, uint16, int32, int64',
    );
  });
});
