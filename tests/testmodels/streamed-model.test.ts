import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isExternalTensor } from '../../lib/onnx/external-data.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { tensorBytes, tensorDims } from '../../lib/onnx/tensor-data.ts';
import { decodeModel } from '../../lib/onnx/decode-model.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import type { TensorProto } from '../../lib/onnx/onnx-types.ts';
import { buildTestDecoder, writeTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { createPrng, fillUniform, uniformValues } from '../../lib/testmodels/prng.ts';
import { streamTestDecoder } from '../../lib/testmodels/stream-test-decoder.ts';
import { makeTempFolder } from './temp-folder.ts';

const temp = makeTempFolder('stream-test-decoder');
afterAll(() => temp.cleanup());

const CASES: Record<string, TestDecoderOptions> = {
  torchscript: { layers: 3, hidden: 32, heads: 4, vocab: 300, seed: 5 },
  dynamo: { layers: 3, hidden: 32, heads: 4, kvHeads: 2, naming: 'dynamo', seed: 6 },
  'optimum inputs': { layers: 4, hidden: 32, heads: 4, kvHeads: 2, optimumInputs: true, attentionFreeLayers: [1, 2] },
  'dynamo, optimum, tied embeddings': { layers: 3, hidden: 32, heads: 2, naming: 'dynamo', optimumInputs: true, tiedEmbeddings: true, seed: 7 },
  'tied embeddings': { layers: 2, hidden: 48, heads: 4, tiedEmbeddings: true, ffnWidth: 80 },
  'gelu, layer norm, learned positions': { layers: 2, hidden: 32, heads: 2, activation: 'gelu', norm: 'layer', positions: 'learned' },
};

function folder(name: string): string {
  const dir = join(temp.dir, name.replace(/\W+/g, '-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('streamed test decoder', () => {
  for (const [name, options] of Object.entries(CASES)) {
    it(`equals the in-memory model (${name})`, async () => {
      const streamed = join(folder(`streamed ${name}`), 'model.onnx');
      // 1000-value chunks: every large tensor is written in several, with boundaries inside tensors.
      const files = await streamTestDecoder(streamed, options, { chunkElements: 1000 });
      expect(files.layout.tensors.some((t) => t.byteLength > 4000)).toBe(true);

      const loaded = loadOnnxModel(streamed, { uniqueNodeNames: false });
      // The in-memory model as read back from bytes, so both sides carry the decoder's representation.
      const inMemory = decodeModel(encodeModel(buildTestDecoder(options).proto));
      const graph = loaded.proto.graph!;
      const expected = inMemory.graph!;
      expect(graph.node).toEqual(expected.node);
      expect(graph.input).toEqual(expected.input);
      expect(graph.output).toEqual(expected.output);
      const header = (t: TensorProto) => [t.name, tensorDims(t), t.dataType];
      expect(graph.initializer!.map(header)).toEqual(expected.initializer!.map(header));
      graph.initializer!.forEach((tensor, i) => {
        expect(Buffer.from(tensorBytes(loaded, tensor)).equals(Buffer.from(expected.initializer![i].rawData!)), tensor.name).toBe(true);
        expect(isExternalTensor(tensor)).toBe(expected.initializer![i].rawData!.byteLength >= 1024);
      });

      // And the files are the ones saveOnnxModel writes for the same model, byte for byte.
      const saved = join(folder(`saved ${name}`), 'model.onnx');
      writeTestDecoder(saved, { ...options, externalData: true });
      expect(readFileSync(streamed).equals(readFileSync(saved))).toBe(true);
      expect(readFileSync(`${streamed}.data`).equals(readFileSync(`${saved}.data`))).toBe(true);
    });
  }

  it('keeps only the graph in the .onnx file, weights 64-byte aligned in <model>.data', async () => {
    const path = join(folder('layout'), 'model.onnx');
    const files = await streamTestDecoder(path, { layers: 2, hidden: 64, heads: 4, vocab: 1000 });
    const weights = files.layout.tensors.reduce((sum, t) => sum + t.byteLength, 0);
    expect(statSync(path).size).toBeLessThan(weights / 20);
    expect(statSync(`${path}.data`).size).toBe(files.layout.byteLength);
    for (const tensor of files.layout.tensors) expect(tensor.offset % 64).toBe(0);
    expect(files.dataPath).toBe(`${path}.data`);
    const locations = loadOnnxModel(path).proto.graph!.initializer!.filter(isExternalTensor).map((t) => t.externalData!.find((e) => e.key === 'location')!.value);
    expect(new Set(locations)).toEqual(new Set(['model.onnx.data']));
  });

  it('counts the parameters: Llama-3.1-8B and Llama-3.2-1B dimensions give their published counts', async () => {
    const { planTestDecoderFiles } = await import('../../lib/testmodels/stream-test-decoder.ts');
    const { LLAMA_SHAPES } = await import('../../lib/testmodels/llama-shapes.ts');
    // Laying the graph out generates no weight, so even the 8B shape plans in moments.
    expect(planTestDecoderFiles(join(temp.dir, 'plan-8b.onnx'), LLAMA_SHAPES['llama-8b']).parameterCount).toBe(8_030_261_248);
    expect(planTestDecoderFiles(join(temp.dir, 'plan-1b.onnx'), LLAMA_SHAPES['llama-1b']).parameterCount).toBe(1_235_814_400);
  });
});

describe('seeded stream', () => {
  it('gives the values drawn one after another, from any draw on, in any chunking', () => {
    const sequential = uniformValues(createPrng(42), 5000, 0.08);
    for (const [first, length] of [[0, 5000], [1, 17], [2500, 2500], [4999, 1]]) {
      const part = new Float32Array(length);
      fillUniform(part, 42, first, 0.08);
      expect(part).toEqual(sequential.subarray(first, first + length));
    }
    const random = createPrng(3);
    for (let i = 0; i < 100; i++) random();
    const centered = uniformValues(random, 50, 0.5, 1);
    expect(uniformValues(createPrng(3, 100), 50, 0.5, 1)).toEqual(centered);
    const filled = new Float32Array(50);
    fillUniform(filled, 3, 100, 0.5, 1);
    expect(filled).toEqual(centered);
  });

  it('reaches draws past 2^32 (the 8B models draw more) as the sequential generator does', () => {
    // mulberry32's state wraps at 2^32 draws: draw 2^32 + k equals draw k.
    const wrapped = new Float32Array(10);
    fillUniform(wrapped, 9, 2 ** 32 + 7, 0.08);
    expect(wrapped).toEqual(uniformValues(createPrng(9, 7), 10, 0.08));
    const random = createPrng(9, 2 ** 32 - 3);
    const across = uniformValues(random, 6, 0.08);
    const direct = new Float32Array(6);
    fillUniform(direct, 9, 2 ** 32 - 3, 0.08);
    expect(direct).toEqual(across);
  });
});
