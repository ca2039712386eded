import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBlockSwitchModel } from '../../lib/analysis/block-switch-model.ts';
import { openDecoder } from '../../lib/analysis/decoder-source.ts';
import { contribution } from '../../lib/analysis/math/contribution.ts';
import { meanCosineDistance } from '../../lib/analysis/math/cosine-distance.ts';
import { decodeModel } from '../../lib/onnx/decode-model.ts';
import type { GraphProto } from '../../lib/onnx/onnx-types.ts';
import type { TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { modelFolder, syntheticTokens } from './model-fixtures.ts';

const folder = modelFolder();
afterAll(() => folder.cleanup());

const cases: Array<[string, TestDecoderOptions]> = [
  ['torchscript, GQA, Optimum inputs, attention-free and FFN-free layers', {
    layers: 5, hidden: 32, heads: 4, kvHeads: 2, vocab: 61, optimumInputs: true, attentionFreeLayers: [2], ffnFreeLayers: [4], seed: 3,
  }],
  ['dynamo naming with local functions', { layers: 4, hidden: 24, heads: 2, vocab: 40, naming: 'dynamo', seed: 8 }],
];

describe('block switch model', () => {
  it.each(cases.flatMap(([name, options]) => (['inline', 'external'] as const).map((placement) => [`${name}, ${placement} weights`, options, placement] as const)))(
    'evaluates every block exactly as its own stage model and measures it (%s)', async (name, options, placement) => {
    const path = folder.write(name.replace(/\W+/g, '-'), options);
    const seqLen = 6;
    const sequences = 3;
    const decoder = openDecoder(path, seqLen);
    const tokens = syntheticTokens(sequences * seqLen, options.vocab ?? 64, 5);
    const prologue = await ort.InferenceSession.create(decoder.partition.prologue.bytes);
    const all = decoder.buildFeeds(tokens, sequences);
    const sides = await prologue.run(Object.fromEntries(prologue.inputNames.map((n) => [n, all[n]])));
    const model = buildBlockSwitchModel(decoder.partition, placement);
    expect(model.externalData.length > 0).toBe(placement === 'external');
    const session = await ort.InferenceSession.create(model.bytes, { externalData: model.externalData });
    const hidden = decoder.structure.hiddenSize;
    const T = sequences * seqLen;
    let x = sides[decoder.partition.prologue.outputs[0]].data as Float32Array;
    for (let k = 0; k < decoder.partition.blocks.length; k++) {
      const stage = decoder.partition.blocks[k];
      const own = await ort.InferenceSession.create(stage.bytes);
      const ownFeeds: Record<string, ort.Tensor> = { [stage.inputs[0]]: new ort.Tensor('float32', x, [sequences, seqLen, hidden]) };
      for (const side of stage.inputs.slice(1)) ownFeeds[side] = sides[side];
      const expected = (await own.run(ownFeeds))[stage.outputs[0]].data as Float32Array;
      // reference contribution: an arbitrary pattern, so that the distance is not trivially 0 or 1
      const ref = Float32Array.from({ length: T * hidden }, (_, i) => Math.sin(i * 0.37 + k));
      const rr = Float32Array.from({ length: T }, (_, t) => ref.subarray(t * hidden, (t + 1) * hidden).reduce((a, v) => a + v * v, 0));
      const feeds: Record<string, ort.Tensor> = {
        [model.stream]: new ort.Tensor('float32', x, [sequences, seqLen, hidden]),
        [model.blockIndex]: new ort.Tensor('float32', Float32Array.of(k), []),
        [model.reference]: new ort.Tensor('float32', ref, [T, hidden]),
        [model.referenceNorms]: new ort.Tensor('float32', rr, [T]),
        [model.variantShape]: new ort.Tensor('int64', BigInt64Array.of(1n, BigInt(T), BigInt(hidden)), [3]),
      };
      for (const side of model.sides) feeds[side] = sides[side];
      const out = await session.run(feeds);
      const y = out[model.output].data as Float32Array;
      expect(Array.from(y), `block ${k} output`).toEqual(Array.from(expected));
      const distance = (out[model.distanceSum].data as Float32Array)[0] / T;
      const jsDistance = meanCosineDistance(ref, contribution(expected, x), hidden);
      expect(Math.abs(distance - jsDistance), `block ${k} distance`).toBeLessThan(1e-5);
      await own.release();
      x = expected;
    }
    await session.release();
    await prologue.release();
  });

  it('selects blocks with a tree of If nodes; external placement keeps the weights out of the graph bytes, one file per block', () => {
    const path = folder.write('tree', { layers: 5, hidden: 32, heads: 2, vocab: 50, seed: 2 });
    const decoder = openDecoder(path, 4);
    const model = buildBlockSwitchModel(decoder.partition, 'external');
    const weightBytes = decoder.partition.blocks.reduce((n, s) => n + (s.model.graph?.initializer ?? [])
      .reduce((m, t) => m + (t.rawData?.length ?? 0), 0), 0);
    expect(model.externalData.map((f) => f.path)).toEqual([0, 1, 2, 3, 4].map((k) => `block-${k}.bin`));
    expect(model.externalData.reduce((n, f) => n + f.data.length, 0)).toBeGreaterThanOrEqual(weightBytes * 0.95);
    expect(model.bytes.length).toBeLessThan(weightBytes / 2);
    expect(buildBlockSwitchModel(decoder.partition).externalData).toEqual([]);
    const graph = decodeModel(model.bytes).graph!;
    const depth = (g: GraphProto): number => Math.max(0, ...(g.node ?? []).filter((n) => n.opType === 'If')
      .flatMap((n) => (n.attribute ?? []).map((a) => 1 + depth(a.g!))));
    expect(depth(graph)).toBe(Math.ceil(Math.log2(5)));
  });
});
