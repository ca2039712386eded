import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataType } from '../../lib/onnx/data-types.ts';
import { isExternalTensor } from '../../lib/onnx/external-data.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { materialiseGeneratedTensors } from '../../lib/onnx/materialise-generated-tensors.ts';
import { ModelWriteError } from '../../lib/onnx/model-write-error.ts';
import type { OnnxModel } from '../../lib/onnx/onnx-model.ts';
import { saveOnnxModel } from '../../lib/onnx/save-onnx-model.ts';
import type { TensorByteSource } from '../../lib/onnx/tensor-byte-source.ts';
import { tensorBytes } from '../../lib/onnx/tensor-data.ts';
import { buildTestDecoder, writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { makeTempDir } from './helpers.ts';

const temp = makeTempDir('streaming-save');
afterAll(() => temp.cleanup());

function folder(name: string): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A source counting its pieces, producing `count` float32 values i * 0.5 (or failing after `failAfter` pieces). */
function countingSource(count: number, failAfter = Infinity): TensorByteSource & { pieceSizes: number[] } {
  const pieceSizes: number[] = [];
  return {
    byteLength: count * 4,
    pieceSizes,
    *pieces(maxPieceBytes: number) {
      const perPiece = Math.max(1, Math.floor(maxPieceBytes / 4));
      for (let start = 0; start < count; start += perPiece) {
        if (pieceSizes.length >= failAfter) throw new Error('the source failed on purpose');
        const values = Float32Array.from({ length: Math.min(perPiece, count - start) }, (_, i) => (start + i) * 0.5);
        pieceSizes.push(values.byteLength);
        yield new Uint8Array(values.buffer);
      }
    },
  };
}

/** The test decoder plus one float32 initializer `extra` declared without data (nothing reads it). */
function modelWithGenerated(count: number): OnnxModel {
  const model = buildTestDecoder({ layers: 1, hidden: 16, heads: 2, seed: 4 });
  model.proto.graph!.initializer!.push({ name: 'extra', dims: [count], dataType: DataType.FLOAT });
  return model;
}

describe('streaming save', () => {
  it('copies external tensors piece by piece: tiny pieces give the same files', () => {
    const dir = folder('pieces');
    writeTestDecoder(join(dir, 'source.onnx'), { layers: 2, hidden: 32, seed: 5, externalData: true });
    const source = loadOnnxModel(join(dir, 'source.onnx'));
    const [whole, pieces] = ['whole', 'pieces'].map((d) => join(folder(`pieces/${d}`), 'copy.onnx'));
    saveOnnxModel(source, whole, { externalData: true });
    saveOnnxModel(source, pieces, { externalData: true, pieceBytes: 100 });
    expect(readFileSync(pieces).equals(readFileSync(whole))).toBe(true);
    expect(readFileSync(`${pieces}.data`).equals(readFileSync(`${whole}.data`))).toBe(true);
    const copy = loadOnnxModel(pieces);
    for (const tensor of source.proto.graph!.initializer!) {
      const saved = copy.proto.graph!.initializer!.find((t) => t.name === tensor.name)!;
      expect(Buffer.from(tensorBytes(copy, saved)).equals(Buffer.from(tensorBytes(source, tensor)))).toBe(true);
    }
  });

  it('writes generated tensors from their pieces, aligned to 64 bytes, inline or external', () => {
    const dir = folder('generated');
    const model = modelWithGenerated(1000);
    const source = countingSource(1000);
    const saved = saveOnnxModel(model, join(dir, 'external.onnx'), { externalData: true, generated: new Map([['extra', source]]), pieceBytes: 1024 });
    expect(source.pieceSizes).toEqual([1024, 1024, 1024, 928]);
    const loaded = loadOnnxModel(saved.path);
    const extra = loaded.proto.graph!.initializer!.find((t) => t.name === 'extra')!;
    expect(isExternalTensor(extra)).toBe(true);
    expect(Number(extra.externalData!.find((e) => e.key === 'offset')!.value) % 64).toBe(0);
    const expected = Float32Array.from({ length: 1000 }, (_, i) => i * 0.5);
    expect(Buffer.from(tensorBytes(loaded, extra)).equals(Buffer.from(expected.buffer))).toBe(true);

    const inline = saveOnnxModel(model, join(dir, 'inline.onnx'), { generated: new Map([['extra', countingSource(1000)]]) });
    expect(inline.externalDataPath).toBeNull();
    const inlineExtra = loadOnnxModel(inline.path).proto.graph!.initializer!.find((t) => t.name === 'extra')!;
    expect(Buffer.from(inlineExtra.rawData!).equals(Buffer.from(expected.buffer))).toBe(true);
    const inMemory = materialiseGeneratedTensors(model, new Map([['extra', countingSource(1000)]]));
    expect(Buffer.from(inMemory.proto.graph!.initializer!.find((t) => t.name === 'extra')!.rawData!).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it('refuses a generated tensor saved without its source, or whose source announces another size', () => {
    const dir = folder('refusals');
    expect(() => saveOnnxModel(modelWithGenerated(10), join(dir, 'a.onnx'), { externalData: true, sizeThreshold: 0 }))
      .toThrow('tensor "extra" has 40 bytes by its type and shape but holds no data (a generated tensor saved without its source?)');
    expect(() => saveOnnxModel(modelWithGenerated(10), join(dir, 'b.onnx'), { generated: new Map([['extra', countingSource(11)]]) }))
      .toThrow('generated tensor "extra" produces 44 bytes, but its type and shape need 40');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a failed save leaves nothing partial behind', () => {
  it('a source failing half way: the error names the file, no temporary file is left, the previous model stays', () => {
    const dir = folder('failing');
    const target = join(dir, 'model.onnx');
    saveOnnxModel(modelWithGenerated(1000), target, { externalData: true, generated: new Map([['extra', countingSource(1000)]]) });
    const before = [readFileSync(target), readFileSync(`${target}.data`)];
    let error: unknown;
    try {
      saveOnnxModel(modelWithGenerated(1000), target, { externalData: true, generated: new Map([['extra', countingSource(1000, 2)]]), pieceBytes: 1024 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelWriteError);
    expect((error as Error).message).toBe(`could not write ${target}: the source failed on purpose; nothing was left behind (the partial files were removed).`);
    expect(readdirSync(dir).sort()).toEqual(['model.onnx', 'model.onnx.data']);
    expect(readFileSync(target).equals(before[0]) && readFileSync(`${target}.data`).equals(before[1])).toBe(true);
  });

  it('source external data cut short after loading: refused with the reason, nothing written', () => {
    const dir = folder('truncated');
    writeTestDecoder(join(dir, 'source.onnx'), { layers: 1, hidden: 32, seed: 6, externalData: true });
    const source = loadOnnxModel(join(dir, 'source.onnx'));
    truncateSync(join(dir, 'source.onnx.data'), 1000);
    expect(() => saveOnnxModel(source, join(dir, 'copy.onnx'), { externalData: true }))
      .toThrow(new RegExp(`^could not write ${join(dir, 'copy.onnx')}: external data of tensor ".*" ends early in .*source\\.onnx\\.data.*; nothing was left behind`));
    expect(readdirSync(dir).sort()).toEqual(['source.onnx', 'source.onnx.data']);
  });

  // A real full disk: a 512 KiB tmpfs (needs the right to mount; skipped elsewhere).
  const disk = join(temp.dir, 'tiny-disk');
  mkdirSync(disk, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', disk]).status === 0;
  afterAll(() => {
    if (mounted) spawnSync('umount', [disk]);
  });

  it.skipIf(!mounted)('a disk that fills up (ENOSPC): the message says so, names the file and the space needed; nothing is left', () => {
    const model = modelWithGenerated(256 * 1024);
    const target = join(disk, 'model.onnx');
    let error: unknown;
    try {
      saveOnnxModel(model, target, { externalData: true, generated: new Map([['extra', countingSource(256 * 1024)]]), pieceBytes: 64 * 1024 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelWriteError);
    expect((error as ModelWriteError).code).toBe('ENOSPC');
    expect((error as Error).message).toMatch(new RegExp(`^no space left on the disk holding ${disk} while writing model\\.onnx \\(ENOSPC\\): the model needs about 1\\.[0-9] MiB there; nothing was left behind \\(the partial files were removed\\)\\. Free that much space or write the model to a folder on another disk\\.$`));
    expect(readdirSync(disk)).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });
});
