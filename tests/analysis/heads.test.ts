import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import type { NextTokenDistribution, ReferenceContribution } from '../../lib/analysis/measurement-references.ts';
import { measureIntactStream } from '../../lib/analysis/intact-stream-measurements.ts';
import { blockInfluence } from '../../lib/analysis/math/block-influence.ts';
import { meanNormRatio } from '../../lib/analysis/math/norm-ratio.ts';
import { contributionDistanceNodes } from '../../lib/analysis/heads/contribution-distance-nodes.ts';
import { klDivergenceNodes } from '../../lib/analysis/heads/kl-divergence-nodes.ts';
import { floatInput } from '../../lib/analysis/heads/head-graph.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import { meanCosineDistance } from '../../lib/analysis/math/cosine-distance.ts';
import { contribution } from '../../lib/analysis/math/contribution.ts';
import { meanKlDivergence } from '../../lib/analysis/math/kl-divergence.ts';
import { logSoftmaxRows } from '../../lib/analysis/math/log-softmax.ts';

const f32 = (values: number[]) => Float32Array.from(values);

/** The intact contribution of one block from its input and output ([sequences, seqLen, H]), through the intact-stream graph. */
async function referenceContribution(intactOut: Float32Array, intactIn: Float32Array, dims: [number, number, number]): Promise<ReferenceContribution> {
  return (await measureIntactStream({ intraOpThreads: 1 }, [intactIn, intactOut], dims, 0)).references[0];
}

/** The contribution-distance nodes alone, as a model of the given opset; returns the mean distance over the tokens. */
async function measureContribution(opset: number, reference: ReferenceContribution, varOut: Float32Array, varIn: Float32Array): Promise<number> {
  const dims = reference.ref.dims as number[];
  const names = { blockIn: 'in', blockOut: 'out', reference: 'ref', referenceNorms: 'rr', distanceSum: 'sum' };
  const { nodes, initializers } = contributionDistanceNodes(names, opset, 'd');
  const bytes = encodeModel({
    irVersion: 8, opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'distance', node: nodes, initializer: initializers, output: [floatInput('sum', [])],
      input: [floatInput('in', ['B', 'S', 'H']), floatInput('out', ['B', 'S', 'H']), floatInput('ref', ['B', 'S', 'H']), floatInput('rr', ['B', 'S'])],
    },
  });
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({
    in: new ort.Tensor('float32', varIn, dims), out: new ort.Tensor('float32', varOut, dims), ref: reference.ref, rr: reference.rr,
  });
  await session.release();
  return (out.sum.data as Float32Array)[0] / (dims[0] * dims[1]);
}

/** log-softmax and softmax of logits [T, V], in JavaScript (the reference the graph is fed with). */
function distributionOf(logits: Float32Array, vocab: number): NextTokenDistribution {
  const lp = logSoftmaxRows(logits, vocab);
  const dims = [logits.length / vocab, vocab];
  return { logProbs: new ort.Tensor('float32', Float32Array.from(lp), dims), probs: new ort.Tensor('float32', Float32Array.from(lp, Math.exp), dims) };
}

/** The KL nodes alone, as a model of the given opset, on logits shaped [1, T, V]; returns the mean over tokens. */
async function measureKlNodes(opset: number, full: NextTokenDistribution, logitsQ: Float32Array): Promise<number> {
  const [tokens, vocab] = full.logProbs.dims as number[];
  const { nodes, initializers } = klDivergenceNodes({ logits: 'logits', logProbs: 'lp', probs: 'p', logitsShape: 'shape', klSum: 'sum' }, opset, 'kl');
  const bytes = encodeModel({
    irVersion: 8, opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'kl', node: nodes, output: [floatInput('sum', [1])],
      initializer: [...initializers, { name: 'shape', dataType: 7, dims: [3], int64Data: [1, -1, 0] }],
      input: [floatInput('logits', [1, 'T', 'V']), floatInput('lp', ['T', 'V']), floatInput('p', ['T', 'V'])],
    },
  });
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ logits: new ort.Tensor('float32', logitsQ, [1, tokens, vocab]), lp: full.logProbs, p: full.probs });
  await session.release();
  return (out.sum.data as Float32Array)[0] / tokens;
}

describe('ONNX measurement heads', () => {
  it.each([12, 18])('contribution distance (opset %i): hand-derived distances', async (opset) => {
    // intact contribution per token: (1,0) and (0,1)
    const reference = await referenceContribution(f32([1, 0, 1, 2]), f32([0, 0, 1, 1]), [1, 2, 2]);
    // contributions (2,0),(1,1) -> distances 0 and 1 - 1/sqrt2; (0,1),(0,-3) -> 1 and 2
    expect(await measureContribution(opset, reference, f32([2, 0, 1, 1]), f32([0, 0, 0, 0]))).toBeCloseTo((0 + 1 - Math.SQRT1_2) / 2, 6);
    expect(await measureContribution(opset, reference, f32([5, 6, 5, 2]), f32([5, 5, 5, 5]))).toBeCloseTo((1 + 2) / 2, 6);
    // a zero contribution on either side: distance 1
    expect(await measureContribution(opset, reference, f32([5, 5, 5, 5]), f32([5, 5, 5, 5]))).toBeCloseTo(1, 6);
    const zero = await referenceContribution(f32([1, 1, 1, 1]), f32([1, 1, 1, 1]), [1, 2, 2]);
    expect(await measureContribution(opset, zero, f32([2, 0, 1, 1]), f32([0, 0, 0, 0]))).toBeCloseTo(1, 6);
  });

  it.each([12, 18])('contribution distance (opset %i) agrees with the JavaScript definition on random data', async (opset) => {
    const rnd = (n: number, seed: number) => Float32Array.from({ length: n }, (_, k) => Math.sin(k * 12.9898 + seed) * 3);
    const [B, S, H] = [3, 7, 12];
    const n = B * S * H;
    const refOut = rnd(n, 1), refIn = rnd(n, 2);
    const reference = await referenceContribution(refOut, refIn, [B, S, H]);
    for (let seed = 3; seed < 9; seed += 2) {
      const varOut = rnd(n, seed), varIn = rnd(n, seed + 1);
      const expected = meanCosineDistance(contribution(refOut, refIn), contribution(varOut, varIn), H);
      expect(Math.abs(await measureContribution(opset, reference, varOut, varIn) - expected)).toBeLessThan(1e-6);
    }
  });

  it.each([12, 18])('drop-one KL nodes (opset %i): hand-derived value and agreement with the JavaScript definition', async (opset) => {
    // p = softmax(0, ln 3) = (1/4, 3/4), q = (1/2, 1/2): KL = 1/4 ln(1/2) + 3/4 ln(3/2)
    const kl = await measureKlNodes(opset, distributionOf(f32([0, Math.log(3)]), 2), f32([0, 0]));
    expect(kl).toBeCloseTo(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), 6);
    const p = f32([1000, 998, -5, 3, 2, 1]);
    const q = f32([990, 999, 0, 1, 2, 3]);
    const expected = meanKlDivergence(logSoftmaxRows(p, 3), logSoftmaxRows(q, 3), 3);
    expect(await measureKlNodes(opset, distributionOf(p, 3), q)).toBeCloseTo(expected, 5);
  });
});

describe('intact-stream graph', () => {
  it('block metrics: a hand-derived case and the JavaScript definitions', async () => {
    // token 0: X=(3,4) -> (3,9): h=(0,5), ratio 1; token 1: X=(1,0) -> (1,2): h=(0,2), ratio 2
    const input = f32([3, 4, 1, 0]);
    const output = f32([3, 9, 1, 2]);
    const { blockMetrics: m } = await measureIntactStream({ intraOpThreads: 1 }, [input, output], [1, 2, 2], 1);
    expect(m.contributionNormRatio[0]).toBeCloseTo(1.5, 6);
    expect(m.contributionNormRatio[0]).toBeCloseTo(meanNormRatio(output, input, 2), 6);
    const cos0 = (9 + 36) / (5 * Math.sqrt(90));
    const cos1 = 1 / Math.sqrt(5);
    expect(m.inputOutputCosineDistance[0]).toBeCloseTo(1 - (cos0 + cos1) / 2, 6);
    expect(m.blockInfluence[0]).toBeCloseTo(blockInfluence(input, output, 2), 6);
    expect(m.dropOneKl).toEqual([null]);
  });

  it('measures every block of a longer stream, with references only from the first block asked for', async () => {
    const rnd = (n: number, seed: number) => Float32Array.from({ length: n }, (_, k) => Math.sin(k * 12.9898 + seed) * 3);
    const [B, S, H, L] = [2, 3, 6, 4];
    const T = B * S;
    const stream = Array.from({ length: L + 1 }, (_, k) => rnd(T * H, k + 1));
    const { blockMetrics: m, references } = await measureIntactStream({ intraOpThreads: 1 }, stream, [B, S, H], 2);
    for (let k = 0; k < L; k++) {
      expect(Math.abs(m.blockInfluence[k] - blockInfluence(stream[k], stream[k + 1], H))).toBeLessThan(1e-6);
      expect(Math.abs(m.contributionNormRatio[k] - meanNormRatio(stream[k + 1], stream[k], H))).toBeLessThan(1e-6);
    }
    expect(references.slice(0, 2).map((r) => [...(r.ref.data as Float32Array)].every((x) => x === 0))).toEqual([true, true]);
    for (let k = 2; k < L; k++) {
      const h = contribution(stream[k + 1], stream[k]);
      expect([...(references[k].ref.data as Float32Array)]).toEqual([...h]);
      const norms = Array.from({ length: T }, (_, t) => h.subarray(t * H, (t + 1) * H).reduce((a, x) => a + x * x, 0));
      (references[k].rr.data as Float32Array).forEach((v, t) => expect(Math.abs(v - norms[t]) / norms[t]).toBeLessThan(1e-6));
    }
  });
});
