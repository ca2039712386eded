import { describe, expect, it } from 'vitest';
import { buildModelFeeds } from '../../lib/onnx/build-model-feeds.ts';
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
      expect(maxAbsDifference(await runPartitioned(partition, feeds, model), full)).toBeLessThanOrEqual(1e-5);

    });
  }

  it('gives each stage only the initializers it reads, and passes graph inputs later stages read through the prologue', () => {
    const model = buildTestDecoder({ layers: 3, hidden: 16, heads: 2 });
    const structure = findDecoderStructure(model);
    const partition = partitionDecoder(model, structure);
    const block1 = partition.blocks[1].model.graph!;
    const names = block1.initializer!.map((t) => t.name!).filter((n) => n.includes('.weight'));
    expect(names.every((n) => n.startsWith('model.layers.1.'))).toBe(true);
    expect(names).toHaveLength(9);
    expect(partition.blocks[1].inputs[0]).toBe(structure.blocks[1].input);
    expect(partition.blocks[1].outputs).toEqual([structure.blocks[1].output]);

    const optimum = buildTestDecoder({ layers: 2, hidden: 16, heads: 2, naming: 'dynamo', optimumInputs: true });
    const optimumPartition = partitionDecoder(optimum, findDecoderStructure(optimum));
    expect(optimumPartition.sideValues).toContain('past_key_values.0.key::side');
  });
});
