import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { streamTestDecoder } from '../../lib/testmodels/stream-test-decoder.ts';
import { makeTempFolder } from './temp-folder.ts';

const temp = makeTempFolder('test-decoder-failures');
afterAll(() => temp.cleanup());

const OPTIONS = { layers: 3, hidden: 64, heads: 4, vocab: 512 };

function emptyFolder(name: string): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir);
  return dir;
}

describe('a failed test-decoder write', () => {
  it('leaves no file when aborted mid-write', async () => {
    const dir = emptyFolder('aborted');
    const abort = new AbortController();
    let chunks = 0;
    const write = streamTestDecoder(join(dir, 'model.onnx'), OPTIONS, {
      chunkElements: 2000,
      signal: abort.signal,
      onProgress: () => {
        if (++chunks === 5) abort.abort(new Error('stop here'));
      },
    });
    await expect(write).rejects.toThrow('stop here');
    // No chunk is made after the abort; the one already being written when it came may still land.
    expect(chunks).toBeLessThanOrEqual(6);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file when the progress callback throws', async () => {
    const dir = emptyFolder('progress-throws');
    const write = streamTestDecoder(join(dir, 'model.onnx'), OPTIONS, {
      chunkElements: 3000,
      onProgress: ({ written, total }) => {
        if (written > total / 2) throw new Error('half way');
      },
    });
    await expect(write).rejects.toThrow('half way');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the model it would have replaced, whole', async () => {
    const dir = emptyFolder('replace');
    const path = join(dir, 'model.onnx');
    await streamTestDecoder(path, { ...OPTIONS, seed: 1 });
    const before = [readFileSync(path), readFileSync(`${path}.data`)];
    const abort = new AbortController();
    await expect(streamTestDecoder(path, { ...OPTIONS, seed: 2 }, { chunkElements: 1000, signal: abort.signal, onProgress: () => abort.abort() })).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['model.onnx', 'model.onnx.data']);
    expect(readFileSync(path).equals(before[0])).toBe(true);
    expect(readFileSync(`${path}.data`).equals(before[1])).toBe(true);
  });

  it('refuses a folder that does not exist, creating nothing', async () => {
    const dir = join(temp.dir, 'missing');
    await expect(streamTestDecoder(join(dir, 'model.onnx'), OPTIONS)).rejects.toThrow(/ENOENT/);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses at once when the disk cannot hold the weights, naming the figure', async () => {
    const dir = emptyFolder('no-room');
    // 200 layers of hidden 16384: about 3.4 TB of float32 weights, more than any disk here.
    const write = streamTestDecoder(join(dir, 'model.onnx'), { layers: 200, hidden: 16384, heads: 128, vocab: 256 });
    await expect(write).rejects.toThrow(/not enough disk space in .*: the model needs 3436\.\d\d GB \(\d+ bytes\), the file system has [\d.]+ [GMk]?B free/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
