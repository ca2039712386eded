import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNpy } from '../../lib/calibration/parse-npy.ts';
import { expectCalibrationError } from './expect-calibration-error.ts';

// Written by numpy itself (fixtures/make_fixtures.py).
function fixture(name: string): Uint8Array {
  return fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A version 1.0 or 2.0 .npy file with the given header dict and data. */
function npy(dict: string, data: Uint8Array, major = 1): Uint8Array {
  const prefix = major === 1 ? 10 : 12;
  const padded = dict.padEnd(Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix - 1, ' ') + '\n';
  const header = new Uint8Array(prefix + padded.length);
  header.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(header.buffer);
  if (major === 1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  header.set(new TextEncoder().encode(padded), prefix);
  return Uint8Array.from([...header, ...data]);
}

describe('parseNpy', () => {
  it('reads 1-D and 2-D arrays of each token dtype written by numpy', () => {
    expect(parseNpy(fixture('ids-u1-1d.npy'))).toEqual({ ids: BigInt64Array.from([0n, 1n, 2n, 127n, 128n, 255n]), shape: [6] });
    expect(parseNpy(fixture('ids-u2-2d.npy'))).toEqual({
      ids: BigInt64Array.from([0n, 1n, 65535n, 256n, 1000n, 7n]),
      shape: [2, 3],
    });
    expect(Array.from(parseNpy(fixture('ids-i4-1d.npy')).ids)).toEqual([5n, -1n, 2147483647n]);
    expect(parseNpy(fixture('ids-i8-2d.npy'))).toEqual({
      ids: BigInt64Array.from([9007199254740993n, 1n, 2n, 3n]),
      shape: [2, 2],
    });
  });

  it('reads a version 2.0 header', () => {
    const file = npy("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", Uint8Array.from([1, 0, 2, 1]), 2);
    expect(parseNpy(file)).toEqual({ ids: BigInt64Array.from([1n, 258n]), shape: [2] });
  });

  it('refuses dtypes that are not integer token ids', () => {
    expectCalibrationError(
      () => parseNpy(fixture('ids-f4-1d.npy')),
      'unknown-dtype',
      "unsupported .npy dtype '<f4': token ids must be one of |u1, <u1, <u2, <i4, <i8",
    );
    expectCalibrationError(() => parseNpy(fixture('ids-be-i4.npy')), 'unknown-dtype', /'>i4' \(big-endian/);
  });

  it('refuses Fortran order and more than two dimensions', () => {
    expectCalibrationError(() => parseNpy(fixture('ids-i4-fortran.npy')), 'bad-npy', /Fortran \(column-major\) order/);
    expectCalibrationError(
      () => parseNpy(fixture('ids-i8-3d.npy')),
      'bad-npy',
      'cannot read the .npy file: it has 3 dimensions (shape (2, 2, 2)); token ids must be 1-D or 2-D',
    );
  });

  it('refuses a file cut short, with the sizes', () => {
    const whole = fixture('ids-i4-1d.npy');
    expectCalibrationError(
      () => parseNpy(whole.subarray(0, whole.length - 3)),
      'truncated',
      'the .npy file is truncated: shape (3) of <i4 needs 12 bytes of data, the file holds 9',
    );
    expectCalibrationError(() => parseNpy(whole.subarray(0, 40)), 'bad-npy', /the file ends before that/);
  });

  it('refuses what is not a .npy file', () => {
    expectCalibrationError(() => parseNpy(new TextEncoder().encode('[1, 2, 3] is json')), 'bad-npy', /magic string/);
    const noShape = npy("{'descr': '<i4', 'fortran_order': False}", new Uint8Array(0));
    expectCalibrationError(() => parseNpy(noShape), 'bad-npy', /lacks descr, fortran_order or shape/);
  });
});
