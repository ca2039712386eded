import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStageSessions, releaseStageSessions, type StageSessions } from '../../lib/analysis/stage-sessions.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { modelFolder } from './model-fixtures.ts';
import { manifestKeyByAlias } from '../../lib/analysis/prepared-model-alias.ts';
import { manifestKey } from '../../lib/analysis/prepared-model-manifest.ts';
import { sessionOptions } from '../../lib/analysis/session-settings.ts';

const folder = modelFolder();
afterAll(() => folder.cleanup());
const settings = { intraOpThreads: 1 };

/** Opens the model's stage sessions, keeps what a test compares, and releases them. */
async function open(path: string, cache: string) {
  const sessions: StageSessions = await openStageSessions(path, settings, cache);
  const seen = {
    cache: sessions.cacheUse, structure: sessions.structure, prologueOutputs: sessions.prologueOutputs,
    chainModel: sessions.chainModel, chainInputs: sessions.chain.inputNames,
  };
  await releaseStageSessions(sessions);
  return seen;
}

const manifests = (cache: string) => readdirSync(cache).filter((f) => f.endsWith('.json'));

describe('prepared-model cache', () => {
  it('opens a model file seen before from its manifest, with the structure and names it was prepared with', async () => {
    const path = join(folder.root, 'seen.onnx');
    writeTestDecoder(path, { layers: 3, hidden: 16, heads: 2, vocab: 40, attentionFreeLayers: [1], seed: 3 });
    const cache = join(folder.root, 'cache-seen');
    const first = await open(path, cache);
    expect(first.cache).toBe('miss');
    expect(manifests(cache)).toHaveLength(1);
    const second = await open(path, cache);
    expect(second.cache).toBe('hit');
    expect(second).toEqual({ ...first, cache: 'hit' });
    expect(second.structure).toEqual(findDecoderStructure(loadOnnxModel(path)));
  });

  it('prepares a changed model file anew', async () => {
    const path = join(folder.root, 'changed.onnx');
    const cache = join(folder.root, 'cache-changed');
    writeTestDecoder(path, { layers: 2, hidden: 16, heads: 2, vocab: 40, seed: 1 });
    expect((await open(path, cache)).structure.blocks).toHaveLength(2);
    writeTestDecoder(path, { layers: 3, hidden: 16, heads: 2, vocab: 40, seed: 1 });
    const changed = await open(path, cache);
    expect(changed.cache).toBe('miss');
    expect(changed.structure.blocks).toHaveLength(3);
    expect(manifests(cache)).toHaveLength(2);
  });

  it('does not use a manifest whose external data file changed', async () => {
    const path = join(folder.root, 'external.onnx');
    const cache = join(folder.root, 'cache-external');
    writeTestDecoder(path, { layers: 2, hidden: 16, heads: 2, vocab: 40, seed: 5, externalData: true });
    expect((await open(path, cache)).cache).toBe('miss');
    expect((await open(path, cache)).cache).toBe('hit');
    const data = `${path}.data`;
    const bytes = readFileSync(data);
    bytes[bytes.length - 1] ^= 0x40;
    writeFileSync(data, bytes);
    // same model file, other weights: the chain is optimized again from the new weights
    expect((await open(path, cache)).cache).toBe('miss');
  });

  it('prepares again when the manifest is damaged or names an optimized model that is gone', async () => {
    const path = join(folder.root, 'damaged.onnx');
    const cache = join(folder.root, 'cache-damaged');
    writeTestDecoder(path, { layers: 2, hidden: 16, heads: 2, vocab: 40, seed: 6 });
    const first = await open(path, cache);
    const [manifest] = manifests(cache);
    writeFileSync(join(cache, manifest), '{ not json');
    // the optimized models are still there: the chain is a hit, and the manifest is written again
    expect(await open(path, cache)).toEqual({ ...first, cache: 'hit' });
    expect(() => JSON.parse(readFileSync(join(cache, manifest), 'utf8'))).not.toThrow();
    for (const f of readdirSync(cache).filter((f) => f.endsWith('.ort'))) rmSync(join(cache, f));
    expect(await open(path, cache)).toEqual({ ...first, cache: 'miss' });
    expect((await open(path, cache)).cache).toBe('hit');
  });

  it('lets the caller refuse the model from its structure before any session is created or saved', async () => {
    const path = join(folder.root, 'refused.onnx');
    const cache = join(folder.root, 'cache-refused');
    writeTestDecoder(path, { layers: 2, hidden: 16, heads: 2, vocab: 40, seed: 7 });
    const refuse = (structure: { vocabSize: number }) => { throw new Error(`token 99 is outside the vocabulary of ${structure.vocabSize}`); };
    await expect(openStageSessions(path, settings, cache, refuse)).rejects.toThrow(/vocabulary of 40/);
    expect(existsSync(cache)).toBe(false);
    await open(path, cache);
    // prepared before: the structure comes from the manifest, and is checked before the sessions open
    await expect(openStageSessions(path, settings, cache, refuse)).rejects.toThrow(/vocabulary of 40/);
  });

  it('finds the manifest by the identity of the model file and its external data while they are unchanged on disk', async () => {
    const path = join(folder.root, 'alias.onnx');
    const data = `${path}.data`;
    const cache = join(folder.root, 'cache-alias');
    const options = sessionOptions(settings);
    const settle = () => { const past = new Date(Date.now() - 60_000); utimesSync(path, past, past); utimesSync(data, past, past); };
    writeTestDecoder(path, { layers: 2, hidden: 16, heads: 2, vocab: 40, seed: 9, externalData: true });
    settle();
    expect((await open(path, cache)).cache).toBe('miss');
    const key = manifestKey(readFileSync(path), options);
    expect(manifestKeyByAlias(cache, path, options)).toBe(key);
    expect((await open(path, cache)).cache).toBe('hit');
    // the same weights written again: another identity, so the content is hashed (still a hit); the
    // file was just written, so it gets its alias back only once it has settled
    writeFileSync(data, readFileSync(data));
    expect(manifestKeyByAlias(cache, path, options)).toBeNull();
    expect((await open(path, cache)).cache).toBe('hit');
    expect(manifestKeyByAlias(cache, path, options)).toBeNull();
    settle();
    expect((await open(path, cache)).cache).toBe('hit');
    expect(manifestKeyByAlias(cache, path, options)).toBe(key);
    // other weights under the same model file
    const changed = readFileSync(data);
    changed[changed.length - 1] ^= 0x40;
    writeFileSync(data, changed);
    settle();
    expect(manifestKeyByAlias(cache, path, options)).toBeNull();
    expect((await open(path, cache)).cache).toBe('miss');
  });

  it('gives no alias to a model file modified within the last seconds', async () => {
    const path = join(folder.root, 'fresh.onnx');
    const cache = join(folder.root, 'cache-fresh');
    writeTestDecoder(path, { layers: 2, hidden: 16, heads: 2, vocab: 40, seed: 10 });
    await open(path, cache);
    expect(readdirSync(cache).filter((f) => f.endsWith('.alias'))).toEqual([]);
    expect(manifestKeyByAlias(cache, path, sessionOptions(settings))).toBeNull();
  });
});
