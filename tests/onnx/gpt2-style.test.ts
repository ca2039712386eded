import { describe, expect, it } from 'vitest';
import { buildModelFeeds } from '../../lib/onnx/build-model-feeds.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { partitionDecoder } from '../../lib/onnx/partition-decoder.ts';
import { summarizeStructure } from '../../lib/onnx/summarize-structure.ts';
import { buildTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { maxAbsDifference, runFullModel, runPartitioned, sequenceTokens } from './helpers.ts';

describe('GPT-2-style decoders (LayerNorm, learned positions, tanh GELU MLP with biases)', () => {
  for (const naming of ['torchscript', 'dynamo'] as const) {
    it(`finds the blocks and partitions exactly (${naming})`, async () => {
      const model = buildTestDecoder({
        layers: 3, hidden: 16, heads: 2, vocab: 96, naming, norm: 'layer', positions: 'learned', maxPositions: 64,
        activation: 'gelu', geluApproximation: 'tanh', attentionFreeLayers: [1],
      });
      const structure = findDecoderStructure(model);
      const summary = summarizeStructure(structure);
      expect(summary.vocabSize).toBe(96);
      expect(summary.maxSequenceLength).toBe(64);
      expect(summary.attentionFreeRuns).toEqual([[1, 1]]);
      const ffn = structure.blocks[0].ffn!.ffn!;
      expect(ffn).toMatchObject({ activation: 'gelu', gate: null, normKind: 'layer' });
      expect(ffn.normBias).not.toBeNull();
      expect(ffn.normEpsilon).toBeCloseTo(1e-6, 12);
      expect(ffn.upBias).not.toBeNull();
      expect(summary.blocks[0].ffnParameters).toBe(2 * 16 * 64 + 64 + 16 + 2 * 16);

      const partition = partitionDecoder(model, structure);
      const feeds = buildModelFeeds(structure, sequenceTokens(2, 6, 96), 2, 6);
      const full = await runFullModel(model, feeds);
      expect(maxAbsDifference(await runPartitioned(partition, feeds, model), full)).toBeLessThanOrEqual(1e-5);
    });
  }
});
