import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModelFeeds } from '../../lib/onnx/build-model-feeds.ts';
import { decodeModel } from '../../lib/onnx/decode-model.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { readInitializerFloat32 } from '../../lib/onnx/initializer-access.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { partitionDecoder } from '../../lib/onnx/partition-decoder.ts';
import { summarizeStructure } from '../../lib/onnx/summarize-structure.ts';
import { maxAbsDifference, runFullModel, runPartitioned } from './helpers.ts';

/** Exports made by PyTorch (scripts/demo-model/make_fixtures.py) with their ORT logits. */
interface ExportFixture {
  model: string;
  exporter: string;
  hiddenSize: number;
  vocabSize: number;
  layers: Array<{ index: number; attention: boolean; ffn: boolean }>;
  inputs: Record<string, { dtype: string; dims: number[]; data: number[] }>;
  logits: { dims: number[]; data: number[] };
}

const EXPORTS = new URL('../fixtures/exports/', import.meta.url).pathname;
const DEMO = new URL('../../models/demo/demo-decoder.onnx', import.meta.url).pathname;
const fixtures = existsSync(EXPORTS) ? readdirSync(EXPORTS).filter((f) => f.endsWith('.json')).sort() : [];

describe.skipIf(fixtures.length === 0)('real PyTorch exports', () => {
  for (const file of fixtures) {
    const fixture = JSON.parse(readFileSync(join(EXPORTS, file), 'utf8')) as ExportFixture;
    const path = join(EXPORTS, fixture.model);

    it(`${fixture.model}: decodes and re-encodes byte for byte`, () => {
      const bytes = readFileSync(path);
      expect(Buffer.from(encodeModel(decodeModel(bytes))).equals(bytes)).toBe(true);
    });

    it(`${fixture.model}: finds the blocks, and the stages reproduce the exported logits`, async () => {
      const model = loadOnnxModel(path);
      const structure = findDecoderStructure(model);
      const summary = summarizeStructure(structure);
      expect(summary.hiddenSize).toBe(fixture.hiddenSize);
      expect(summary.vocabSize).toBe(fixture.vocabSize);
      const expectedBlocks = fixture.layers.filter((l) => l.attention || l.ffn).map((l) => [l.attention, l.ffn]);
      expect(summary.blocks.map((b) => [b.attention, b.ffn])).toEqual(expectedBlocks);
      for (const block of structure.blocks) {
        if (!block.ffn) continue;
        const ffn = block.ffn.ffn!;
        expect(ffn.normScale).not.toBeNull();
        expect(ffn.normEpsilon).toBeCloseTo(1e-5, 9);
        const scale = readInitializerFloat32(model, ffn.normScale!);
        expect(scale).toHaveLength(fixture.hiddenSize);
        expect(scale.every((g) => g > 0.3 && g < 1.7)).toBe(true); // 1 + 0.1 N(0, 1)
        expect(readInitializerFloat32(model, ffn.down.initializer)).toHaveLength(ffn.width * fixture.hiddenSize);
      }

      const [batch, seqLen] = fixture.inputs.input_ids.dims;
      const tokens = BigInt64Array.from(fixture.inputs.input_ids.data, BigInt);
      const feeds = buildModelFeeds(structure, tokens, batch, seqLen);
      const exported = Float32Array.from(fixture.logits.data);
      const full = await runFullModel(path, feeds, structure.logits);
      expect(maxAbsDifference(full, exported)).toBeLessThanOrEqual(1e-4);
      const partition = partitionDecoder(model, structure);
      expect(maxAbsDifference(await runPartitioned(partition, feeds, model), full)).toBeLessThanOrEqual(1e-5);
    });
  }
});

describe.skipIf(!existsSync(DEMO))('demo model', () => {
  it('has an attention-free run and partitions into stages that reproduce its logits', async () => {
    const bytes = readFileSync(DEMO);
    expect(Buffer.from(encodeModel(decodeModel(bytes))).equals(bytes)).toBe(true);
    const model = loadOnnxModel(DEMO);
    const structure = findDecoderStructure(model);
    expect(summarizeStructure(structure).attentionFreeRuns.length).toBeGreaterThan(0);
    const seqLen = 16;
    const tokens = BigInt64Array.from({ length: seqLen }, (_, i) => BigInt((i * 7 + 65) % structure.vocabSize));
    const feeds: Record<string, ort.Tensor> = buildModelFeeds(structure, tokens, 1, seqLen);
    const full = await runFullModel(DEMO, feeds, structure.logits);
    const partition = partitionDecoder(model, structure);
    expect(maxAbsDifference(await runPartitioned(partition, feeds, model), full)).toBeLessThanOrEqual(1e-5);
  });
});
