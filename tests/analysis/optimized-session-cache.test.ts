import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { createCachedSession } from '../../lib/analysis/optimized-session-cache.ts';
import { sessionOptions } from '../../lib/analysis/session-settings.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import { modelFolder } from './model-fixtures.ts';
import { buildBlockChainModel } from '../../lib/analysis/block-chain-model.ts';
import { openDecoder } from '../../lib/analysis/decoder-source.ts';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';

const folder = modelFolder();
afterAll(() => folder.cleanup());

/** y = x * 2 + 1, with a graph the optimizer can simplify (two constant branches summed). */
function tinyModel(scale: number): Uint8Array {
  const f = (name: string, v: number) => ({ name, dataType: 1, dims: [], floatData: [v] });
  return encodeModel({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny', initializer: [f('a', scale / 2), f('b', scale / 2), f('c', 1)],
      node: [
        { opType: 'Add', input: ['a', 'b'], output: ['s'], name: 's' },
        { opType: 'Mul', input: ['x', 's'], output: ['m'], name: 'm' },
        { opType: 'Add', input: ['m', 'c'], output: ['y'], name: 'y' },
      ],
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'n' }] } } } }],
      output: [{ name: 'y', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'n' }] } } } }],
    },
  });
}

/** The tiny model as bytes without external data. */
function tiny(scale: number) {
  return { bytes: tinyModel(scale), externalData: [] };
}

async function evaluate(session: ort.InferenceSession): Promise<number[]> {
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3), [3]) });
  await session.release();
  return Array.from(out.y.data as Float32Array);
}

describe('optimized session cache', () => {
  const options = sessionOptions({ intraOpThreads: 1 });

  it('saves on a miss, loads on a hit, keys by the model bytes', async () => {
    const dir = join(folder.root, 'cache');
    const first = await createCachedSession(tiny(2), options, dir);
    expect(first.cache).toBe('miss');
    expect(await evaluate(first.session)).toEqual([3, 5, 7]);
    const second = await createCachedSession(tiny(2), options, dir);
    expect(second.cache).toBe('hit');
    expect(await evaluate(second.session)).toEqual([3, 5, 7]);
    const other = await createCachedSession(tiny(4), options, dir);
    expect(other.cache).toBe('miss');
    expect(await evaluate(other.session)).toEqual([5, 9, 13]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.ort'))).toHaveLength(2);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.ort'))).toEqual([]);
  });

  it('keys by the external data too', async () => {
    const dir = join(folder.root, 'external');
    const path = join(folder.root, 'external.onnx');
    writeTestDecoder(path, { layers: 2, hidden: 16, heads: 2, vocab: 32, seed: 4 });
    const chain = buildBlockChainModel(openDecoder(path).partition);
    expect(chain.externalData.length).toBeGreaterThan(0);
    expect((await createCachedSession(chain, options, dir)).cache).toBe('miss');
    expect((await createCachedSession(chain, options, dir)).cache).toBe('hit');
    const changed = { ...chain, externalData: chain.externalData.map((f, k) => (k === 0 ? { ...f, data: f.data.map((b, i) => (i === 0 ? b ^ 1 : b)) } : f)) };
    expect((await createCachedSession(changed, options, dir)).cache).toBe('miss');
  });

  it('rebuilds a damaged entry, and works without caching when the folder cannot be written', async () => {
    const dir = join(folder.root, 'damaged');
    await evaluate((await createCachedSession(tiny(3), options, dir)).session);
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), 'not a model');
    const rebuilt = await createCachedSession(tiny(3), options, dir);
    expect(rebuilt.cache).toBe('miss');
    expect(await evaluate(rebuilt.session)).toEqual([4, 7, 10]);
    // a cache path under a file cannot be created, whoever runs the test
    const file = join(folder.root, 'a-file');
    writeFileSync(file, '');
    const uncached = await createCachedSession(tiny(3), options, join(file, 'cache'));
    expect(uncached.cache).toBe('off');
    expect(await evaluate(uncached.session)).toEqual([4, 7, 10]);
    expect((await createCachedSession(tiny(3), options, undefined)).cache).toBe('off');
  });
});
