import { describe, expect, it } from 'vitest';
import { buildModelFeeds } from '../../lib/onnx/build-model-feeds.ts';
import { decodeModel } from '../../lib/onnx/decode-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { partitionDecoder } from '../../lib/onnx/partition-decoder.ts';
import { buildTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { maxAbsDifference, runFullModel, runPartitioned, sequenceTokens } from './helpers.ts';

const cases: Array<[string, TestDecoderOptions]> = [
  ['TorchScript naming, attention-free and FFN-free layers', { layers: 5, hidden: 32, attentionFreeLayers: [2, 3], ffnFreeLayers: [4] }],
  ['dynamo naming, GQA, Optimum inputs', { layers: 4, hidden: 32, heads: 4, kvHeads: 2, naming: 'dynamo', optimumInputs: true, attentionFreeLayers: [1] }],
  ['GELU MLP with biases, tied head', { layers: 3, hidden: 16, heads: 2, activation: 'gelu', tiedEmbeddings: true }],
];

describe('partitionDecoder', () => {
  for (const [title, options] of cases) {
    it(`prologue -> blocks -> epilogue gives the full model's logits: ${title}`, async () => {
      const model = buildTestDecoder(options);
      const structure = findDecoderStructure(model);
      const partition = partitionDecoder(model, structure);
      expect(partition.blocks).toHaveLength(structure.blocks.length);
      const [batch, seqLen] = [2, 7];
      const feeds = buildModelFeeds(structure, sequenceTokens(batch, seqLen), batch, seqLen);
      const full = await runFullModel(model, feeds);
      expect(maxAbsDifference(await runPartitioned(partition, feeds), full)).toBeLessThanOrEqual(1e-5);

      const stackedFeeds = buildModelFeeds(structure, tileTokens(sequenceTokens(batch, seqLen), 3), 3 * batch, seqLen);
      const stacked = await runPartitioned(partition, feeds, 3, stackedFeeds);
      for (let copy = 0; copy < 3; copy++) {
        expect(maxAbsDifference(stacked.subarray(copy * full.length, (copy + 1) * full.length), full)).toBeLessThanOrEqual(1e-5);
      }
    });
  }

  it('gives each stage only the initializers it reads, and documents batch-dependent side values', () => {
    const model = buildTestDecoder({ layers: 3, hidden: 16, heads: 2 });
    const structure = findDecoderStructure(model);
    const partition = partitionDecoder(model, structure);
    const block1 = decodeModel(partition.blocks[1].bytes).graph!;
    const names = block1.initializer!.map((t) => t.name!).filter((n) => n.includes('.weight'));
    expect(names.every((n) => n.startsWith('model.layers.1.'))).toBe(true);
    expect(names).toHaveLength(9);
    expect(partition.blocks[1].inputs[0]).toBe(structure.blocks[1].input);
    expect(partition.blocks[1].outputs).toEqual([structure.blocks[1].output]);
    // TorchScript-style reshape target Concat(Shape(input_ids)[:2], [hidden]) holds the batch size.
    expect(partition.batchDependentSideValues).toHaveLength(1);
    const [shape] = partition.batchDependentSideValues!;
    expect(partition.sideValueBatchAxis![shape]).toBeNull();
    const tables = partition.sideValues.filter((s) => s !== shape);
    expect(tables.every((s) => partition.sideValueBatchAxis![s] === null)).toBe(true);

    const optimum = buildTestDecoder({ layers: 2, hidden: 16, heads: 2, naming: 'dynamo', optimumInputs: true });
    const optimumPartition = partitionDecoder(optimum, findDecoderStructure(optimum));
    expect(optimumPartition.batchDependentSideValues).toEqual([]);
    expect(Object.values(optimumPartition.sideValueBatchAxis!).every((axis) => axis === 0)).toBe(true);
    expect(optimumPartition.sideValues).toContain('past_key_values.0.key::side');
  });
});

function tileTokens(tokens: BigInt64Array, times: number): BigInt64Array {
  const out = new BigInt64Array(tokens.length * times);
  for (let k = 0; k < times; k++) out.set(tokens, k * tokens.length);
  return out;
}
