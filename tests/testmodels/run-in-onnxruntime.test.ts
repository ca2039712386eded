import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import { float16ArrayToFloat32 } from '../../lib/onnx/half-float.ts';
import { buildTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { streamTestDecoder } from '../../lib/testmodels/stream-test-decoder.ts';
import { makeTempFolder } from './temp-folder.ts';

const temp = makeTempFolder('run-test-decoder');
afterAll(() => temp.cleanup());

const SHAPE: TestDecoderOptions = { layers: 4, hidden: 64, heads: 4, kvHeads: 2, vocab: 256, attentionFreeLayers: [2], seed: 21 };
const BATCH = 2;
const TOKENS = 8;
const inputIds = new ort.Tensor('int64', BigInt64Array.from({ length: BATCH * TOKENS }, (_, i) => BigInt((i * 37 + 11) % 256)), [BATCH, TOKENS]);

async function writeModel(name: string, options: TestDecoderOptions): Promise<string> {
  const dir = join(temp.dir, name);
  mkdirSync(dir);
  await streamTestDecoder(join(dir, 'model.onnx'), options);
  return join(dir, 'model.onnx');
}

async function logits(model: string | Uint8Array): Promise<{ type: string; values: Float32Array }> {
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
  try {
    const { logits: out } = await session.run({ input_ids: inputIds }, ['logits']);
    expect(out.dims).toEqual([BATCH, TOKENS, 256]);
    const values = out.type === 'float16' ? float16ArrayToFloat32(out.data as Uint16Array) : (out.data as Float32Array);
    return { type: out.type, values };
  } finally {
    await session.release();
  }
}

/** max |a - b| relative to max |b|: the logits' scale, not each entry's (entries near 0 have no relative precision). */
function relativeError(a: Float32Array, b: Float32Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return difference / scale;
}

describe('written test decoders in onnxruntime', () => {
  let float32: Float32Array;

  it('runs the float32 model from its files exactly as the in-memory model', async () => {
    const fromFiles = await logits(await writeModel('float32', SHAPE));
    const inMemory = await logits(encodeModel(buildTestDecoder(SHAPE).proto));
    expect(fromFiles.type).toBe('float32');
    expect(fromFiles.values).toEqual(inMemory.values);
    float32 = fromFiles.values;
  });

  // Tolerances, relative to the largest float32 logit: float16 rounds each weight by at most 2^-11
  // (4.9e-4) relative, bfloat16 by 2^-8 (3.9e-3); measured on this model: 3.7e-4 (float16 weights),
  // 3.4e-3 (bfloat16 weights), 4.6e-4 (float16 graph). The bounds leave 4-10x room.
  it('float16 weights with Casts: float32 logits within 2e-3 of the float32 model (relative to their scale)', async () => {
    const half = await logits(await writeModel('float16-cast', { ...SHAPE, dtype: 'float16' }));
    expect(half.type).toBe('float32');
    const error = relativeError(half.values, float32);
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThan(2e-3);
  });

  it('bfloat16 weights with Casts: within 2e-2', async () => {
    const brain = await logits(await writeModel('bfloat16-cast', { ...SHAPE, dtype: 'bfloat16' }));
    expect(relativeError(brain.values, float32)).toBeLessThan(2e-2);
  });

  it('a float16 graph (model.half() exported) runs and gives float16 logits within 5e-3', async () => {
    const torchscript = await logits(await writeModel('float16-graph', { ...SHAPE, dtype: 'float16', halfGraph: true }));
    expect(torchscript.type).toBe('float16');
    expect(relativeError(torchscript.values, float32)).toBeLessThan(5e-3);
    const dynamo = await logits(await writeModel('float16-graph-dynamo', { ...SHAPE, dtype: 'float16', halfGraph: true, naming: 'dynamo' }));
    expect(dynamo.type).toBe('float16');
  });

  it('a bfloat16 graph type-checks in onnxruntime (its CPU provider has no bfloat16 kernels to run it)', async () => {
    const path = await writeModel('bfloat16-graph', { ...SHAPE, dtype: 'bfloat16', halfGraph: true });
    // An ill-typed graph fails as "invalid model"; this one gets past type inference and, where
    // onnxruntime has the kernels, runs.
    try {
      const brain = await logits(path);
      expect(brain.type).toBe('bfloat16');
    } catch (error) {
      expect(String(error)).toMatch(/Could not find an implementation for \w+\(\d+\) node/);
    }
  });
});
