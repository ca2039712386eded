import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeTokenBytes } from '../../lib/calibration/decode-token-bytes.ts';
import { readTokenFile } from '../../lib/calibration/read-token-file.ts';
import { expectCalibrationError } from './expect-calibration-error.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'calibration-tokens-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

function write(name: string, data: Uint8Array | string): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, data);
  return file;
}

const fixtureNpy = fileURLToPath(new URL('./fixtures/ids-u2-2d.npy', import.meta.url));

describe('readTokenFile', () => {
  it('reads raw files of the dtype it is told', () => {
    const file = write('ids.bin', new Uint8Array(Int32Array.from([3, 70000, -2]).buffer));
    expect(readTokenFile(file, 'int32')).toEqual({ ids: BigInt64Array.from([3n, 70000n, -2n]), shape: [3] });
    expect(readTokenFile(file, 'uint8').ids.length).toBe(12);
  });

  it('takes the format of .npy and .json files from their extension', () => {
    expect(readTokenFile(fixtureNpy).shape).toEqual([2, 3]);
    expect(readTokenFile(write('ids.json', '[[1, 2], [3, 4]]'))).toEqual({
      ids: BigInt64Array.from([1n, 2n, 3n, 4n]),
      shape: [2, 2],
    });
  });

  it('asks for the dtype of a raw file and refuses an unknown one', () => {
    const file = write('ids.tokens', new Uint8Array(4));
    expectCalibrationError(
      () => readTokenFile(file),
      'unknown-dtype',
      `say how ${file} stores its token ids: one of uint8, uint16, int32, int64, npy, json`,
    );
    expectCalibrationError(
      () => readTokenFile(file, 'bfloat16'),
      'unknown-dtype',
      'unknown token file format "bfloat16": expected one of uint8, uint16, int32, int64, npy, json',
    );
  });

  it('refuses empty and truncated files', () => {
    expectCalibrationError(() => readTokenFile(write('empty.bin', ''), 'uint16'), 'empty', /the token file is empty/);
    expectCalibrationError(() => readTokenFile(write('empty.json', '[]')), 'empty', 'the token file holds no token ids');
    expectCalibrationError(() => readTokenFile(write('odd.bin', new Uint8Array(7)), 'int32'), 'truncated', /7 bytes is not a multiple of 4/);
  });
});

describe('decodeTokenBytes', () => {
  it('decodes uploaded bytes the same way', () => {
    const bytes = new TextEncoder().encode('[255, 0]');
    expect(decodeTokenBytes(bytes, 'json').ids).toEqual(BigInt64Array.from([255n, 0n]));
    expect(decodeTokenBytes(bytes, 'uint8').ids.length).toBe(8);
  });
});
