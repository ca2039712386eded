import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import {
  createMeasurementHeads, nextTokenDistribution, releaseMeasurementHeads,
  type MeasurementHeads, type NextTokenDistribution, type ReferenceContribution,
} from '../../lib/analysis/heads/measurement-heads.ts';
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

let heads: MeasurementHeads;
beforeAll(async () => { heads = await createMeasurementHeads({ intraOpThreads: 1 }); });
afterAll(async () => { await releaseMeasurementHeads(heads); });
const f32 = (values: number[]) => Float32Array.from(values);

/** The intact contribution of one block from its input and output, through the intact-stream graph. */
async function referenceContribution(intactOut: Float32Array, intactIn: Float32Array, hidden: number): Promise<ReferenceContribution> {
  return (await measureIntactStream({ intraOpThreads: 1 }, [intactIn, intactOut], hidden, 0)).references[0];
}

/** The contribution-distance nodes alone, as a model of the given opset; returns mean distances per variant. */
async function measureContributions(
  opset: number, reference: ReferenceContribution, varOut: Float32Array, varIn: Float32Array, variants: number,
): Promise<Float32Array> {
  const [tokens, hidden] = reference.ref.dims as number[];
  const names = { blockIn: 'in', blockOut: 'out', reference: 'ref', referenceNorms: 'rr', variantShape: 'shape', distanceSum: 'sum' };
  const { nodes, initializers } = contributionDistanceNodes(names, opset, 'd');
  const bytes = encodeModel({
    irVersion: 8, opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'distance', node: nodes, initializer: initializers, output: [floatInput('sum', ['M'])],
      input: [floatInput('in', ['B', 'H']), floatInput('out', ['B', 'H']), floatInput('ref', ['T', 'H']), floatInput('rr', ['T']),
        { name: 'shape', type: { tensorType: { elemType: 7, shape: { dim: [{ dimValue: 3 }] } } } }],
    },
  });
  const session = await ort.InferenceSession.create(bytes);
  const dims = [variants * tokens, hidden];
  const out = await session.run({
    in: new ort.Tensor('float32', varIn, dims), out: new ort.Tensor('float32', varOut, dims), ref: reference.ref, rr: reference.rr,
    shape: new ort.Tensor('int64', BigInt64Array.of(BigInt(variants), BigInt(tokens), BigInt(hidden)), [3]),
  });
  await session.release();
  return (out.sum.data as Float32Array).map((s) => s / tokens);
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
  it.each([12, 18])('contribution distance (opset %i): hand-derived distances for two stacked variants', async (opset) => {
    // intact contribution per token: (1,0) and (0,1)
    const refIn = f32([0, 0, 1, 1]);
    const refOut = f32([1, 0, 1, 2]);
    // variant 0 contributions (2,0),(1,1) -> distances 0 and 1 - 1/sqrt2; variant 1: (0,1),(0,-3) -> 1 and 2
    const varIn = f32([0, 0, 0, 0, 5, 5, 5, 5]);
    const varOut = f32([2, 0, 1, 1, 5, 6, 5, 2]);
    const d = await measureContributions(opset, await referenceContribution(refOut, refIn, 2), varOut, varIn, 2);
    expect(d[0]).toBeCloseTo((0 + 1 - Math.SQRT1_2) / 2, 6);
    expect(d[1]).toBeCloseTo((1 + 2) / 2, 6);
  });

  it.each([12, 18])('contribution distance (opset %i) agrees with the JavaScript definition on random data', async (opset) => {
    const rnd = (n: number, seed: number) => Float32Array.from({ length: n }, (_, k) => Math.sin(k * 12.9898 + seed) * 3);
    const [T, H, M] = [7, 12, 3];
    const refOut = rnd(T * H, 1), refIn = rnd(T * H, 2), varOut = rnd(M * T * H, 3), varIn = rnd(M * T * H, 4);
    const d = await measureContributions(opset, await referenceContribution(refOut, refIn, H), varOut, varIn, M);
    for (let k = 0; k < M; k++) {
      const r = [k * T * H, (k + 1) * T * H] as const;
      const expected = meanCosineDistance(contribution(refOut, refIn), contribution(varOut.subarray(...r), varIn.subarray(...r)), H);
      expect(Math.abs(d[k] - expected)).toBeLessThan(1e-6);
    }
  });

  it.each([12, 18])('drop-one KL nodes (opset %i): hand-derived value and agreement with the JavaScript definition', async (opset) => {
    // p = softmax(0, ln 3) = (1/4, 3/4), q = (1/2, 1/2): KL = 1/4 ln(1/2) + 3/4 ln(3/2)
    const kl = await measureKlNodes(opset, await nextTokenDistribution(heads, f32([0, Math.log(3)]), 2), f32([0, 0]));
    expect(kl).toBeCloseTo(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), 6);
    const p = f32([1000, 998, -5, 3, 2, 1]);
    const q = f32([990, 999, 0, 1, 2, 3]);
    const expected = meanKlDivergence(logSoftmaxRows(p, 3), logSoftmaxRows(q, 3), 3);
    expect(await measureKlNodes(opset, await nextTokenDistribution(heads, p, 3), q)).toBeCloseTo(expected, 5);
  });
});

describe('intact-stream graph', () => {
  it('block metrics: a hand-derived case and the JavaScript definitions', async () => {
    // token 0: X=(3,4) -> (3,9): h=(0,5), ratio 1; token 1: X=(1,0) -> (1,2): h=(0,2), ratio 2
    const input = f32([3, 4, 1, 0]);
    const output = f32([3, 9, 1, 2]);
    const { blockMetrics: m } = await measureIntactStream({ intraOpThreads: 1 }, [input, output], 2, 1);
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
    const [T, H, L] = [5, 6, 4];
    const stream = Array.from({ length: L + 1 }, (_, k) => rnd(T * H, k + 1));
    const { blockMetrics: m, references } = await measureIntactStream({ intraOpThreads: 1 }, stream, H, 2);
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
