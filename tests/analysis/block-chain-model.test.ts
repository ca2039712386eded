import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBlockChainModel } from '../../lib/analysis/block-chain-model.ts';
import { decoderFeedBuilder, openDecoder } from '../../lib/analysis/decoder-source.ts';
import { contribution } from '../../lib/analysis/math/contribution.ts';
import { meanCosineDistance } from '../../lib/analysis/math/cosine-distance.ts';
import { meanKlDivergence } from '../../lib/analysis/math/kl-divergence.ts';
import { logSoftmaxRows } from '../../lib/analysis/math/log-softmax.ts';
import { decodeModel } from '../../lib/onnx/decode-model.ts';
import type { NodeProto } from '../../lib/onnx/onnx-types.ts';
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

/** Runs each stage model on its own, chained in JavaScript: the block outputs X_1..X_L and the logits. */
async function runStagesOneByOne(decoder: ReturnType<typeof openDecoder>, x0: Float32Array, sides: Record<string, ort.Tensor>, dims: number[]) {
  const stream = [x0];
  for (const stage of [...decoder.partition.blocks, decoder.partition.epilogue]) {
    const own = await ort.InferenceSession.create(stage.bytes);
    const feeds: Record<string, ort.Tensor> = { [stage.inputs[0]]: new ort.Tensor('float32', stream[stream.length - 1], dims) };
    for (const side of stage.inputs.slice(1)) feeds[side] = sides[side];
    stream.push((await own.run(feeds))[stage.outputs[0]].data as Float32Array);
    await own.release();
  }
  return { stream: stream.slice(0, -1), logits: stream[stream.length - 1] };
}

describe('block chain model', () => {
  it.each(cases)('runs from any block on exactly as the stage models and measures every block and the KL (%s)', async (name, options) => {
    const path = folder.write(name.replace(/\W+/g, '-'), options);
    const [seqLen, sequences] = [6, 3];
    const decoder = openDecoder(path);
    const tokens = syntheticTokens(sequences * seqLen, options.vocab ?? 64, 5);
    const prologue = await ort.InferenceSession.create(decoder.partition.prologue.bytes);
    const all = decoderFeedBuilder(decoder.structure, seqLen)(tokens, sequences);
    const sides = await prologue.run(Object.fromEntries(prologue.inputNames.map((n) => [n, all[n]])));
    const model = buildBlockChainModel(decoder.partition);
    const session = await ort.InferenceSession.create(model.bytes, { externalData: model.externalData });
    const [H, T, V, L] = [decoder.structure.hiddenSize, sequences * seqLen, decoder.structure.vocabSize, decoder.partition.blocks.length];
    const dims = [sequences, seqLen, H];
    const expected = await runStagesOneByOne(decoder, sides[decoder.partition.prologue.outputs[0]].data as Float32Array, sides, dims);
    // references: an arbitrary pattern per block, so that distances are not trivially 0 or 1
    const refs = Array.from({ length: L }, (_, k) => Float32Array.from({ length: T * H }, (_, i) => Math.sin(i * 0.37 + k)));
    const lpFull = logSoftmaxRows(Float32Array.from({ length: T * V }, (_, i) => Math.cos(i * 0.11)), V);
    const feeds: Record<string, ort.Tensor> = {
      [model.fullLogProbs]: new ort.Tensor('float32', lpFull, [T, V]), [model.fullProbs]: new ort.Tensor('float32', lpFull.map(Math.exp), [T, V]),
    };
    refs.forEach((ref, k) => {
      feeds[model.references[k]] = new ort.Tensor('float32', ref, dims);
      feeds[model.referenceNorms[k]] = new ort.Tensor('float32', Float32Array.from({ length: T }, (_, t) => ref.subarray(t * H, (t + 1) * H).reduce((a, v) => a + v * v, 0)), [sequences, seqLen]);
    });
    for (const side of model.sides) feeds[side] = sides[side];
    const run = (first: number, emit: boolean) => session.run({
      ...feeds, [model.stream]: new ort.Tensor('float32', expected.stream[first === 0 ? 0 : first - 1], dims),
      [model.first]: new ort.Tensor('float32', Float32Array.of(first), []), [model.emit]: new ort.Tensor('int64', BigInt64Array.of(emit ? BigInt(sequences) : 0n), [1]),
    });
    const intact = await run(0, true);
    for (let k = 0; k < L; k++) expect(Array.from(intact[model.streams[k]].data as Float32Array), `X_${k + 1}`).toEqual(Array.from(expected.stream[k + 1]));
    expect(Array.from(intact[model.logits].data as Float32Array)).toEqual(Array.from(expected.logits));
    // the intact pass hands out the full model's next-token distribution
    const lpIntact = logSoftmaxRows(expected.logits, V);
    const handedOut = intact[model.nextTokenLogProbs].data as Float32Array;
    expect(intact[model.nextTokenLogProbs].dims).toEqual([1, T, V]);
    expect(Math.max(...handedOut.map((v, i) => Math.abs(v - lpIntact[i])))).toBeLessThan(1e-5);
    expect(Math.max(...(intact[model.nextTokenProbs].data as Float32Array).map((v, i) => Math.abs(v - Math.exp(handedOut[i]))))).toBeLessThan(1e-6);
    // a variant entering block `first` with the stream X_first-1 (block first-1 dropped)
    for (const first of [1, L - 1]) {
      const out = await run(first, false);
      expect((out[model.streams[L - 1]].data as Float32Array).length, 'no stream is handed out to a variant').toBe(0);
      expect((out[model.nextTokenProbs].data as Float32Array).length, 'nor a distribution').toBe(0);
      const variant = await runStagesOneByOne(
        { ...decoder, partition: { ...decoder.partition, blocks: decoder.partition.blocks.slice(first) } }, expected.stream[first - 1], sides, dims,
      );
      for (let k = 0; k < L; k++) {
        const measured = (out[model.distanceSums[k]].data as Float32Array)[0] / T;
        if (k < first) expect(measured, `block ${k} before first`).toBe(0);
        else {
          const h = contribution(variant.stream[k - first + 1], variant.stream[k - first]);
          expect(Math.abs(measured - meanCosineDistance(refs[k], h, H)), `block ${k} distance`).toBeLessThan(1e-5);
        }
      }
      const kl = (out[model.klSum].data as Float32Array)[0] / T;
      expect(Math.abs(kl - meanKlDivergence(lpFull, logSoftmaxRows(variant.logits, V), V)), 'KL').toBeLessThan(1e-5);
    }
    await session.release();
    await prologue.release();
  });

  it('puts every block in an If on its index and keeps the weights out of the graph bytes, one file per block', () => {
    const path = folder.write('chain', { layers: 5, hidden: 32, heads: 2, vocab: 50, seed: 2 });
    const decoder = openDecoder(path);
    const model = buildBlockChainModel(decoder.partition);
    const weightBytes = decoder.partition.blocks.reduce((n, s) => n + (s.model.graph?.initializer ?? [])
      .reduce((m, t) => m + (t.rawData?.length ?? 0), 0), 0);
    expect(model.externalData.map((f) => f.path)).toEqual([...[0, 1, 2, 3, 4].map((k) => `block-${k}.bin`), 'epilogue.bin']);
    expect(model.externalData.reduce((n, f) => n + f.data.length, 0)).toBeGreaterThanOrEqual(weightBytes * 0.95);
    expect(model.bytes.length).toBeLessThan(weightBytes / 2);
    const graph = decodeModel(model.bytes).graph!;
    const ifs = (graph.node ?? []).filter((n) => n.opType === 'If');
    // per block: evaluate, or skip (an inner If hands the entry stream on from the block before the first one)
    expect(ifs).toHaveLength(5);
    const innerIfs = (n: NodeProto, branch: string) => (n.attribute?.find((a) => a.name === branch)?.g?.node ?? []).filter((m) => m.opType === 'If').length;
    expect(ifs.map((n) => innerIfs(n, 'then_branch'))).toEqual([0, 0, 0, 0, 0]);
    expect(ifs.map((n) => innerIfs(n, 'else_branch'))).toEqual([1, 1, 1, 1, 1]);
  });
});
