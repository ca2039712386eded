import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { contributionDistanceNodes } from '../../lib/analysis/heads/contribution-distance-nodes.ts';
import { klDivergenceNodes } from '../../lib/analysis/heads/kl-divergence-nodes.ts';
import { floatInput } from '../../lib/analysis/heads/head-graph.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import { cosineDistancePerToken } from '../../lib/analysis/math/cosine-distance.ts';
import { contribution } from '../../lib/analysis/math/contribution.ts';
import { klDivergencePerToken } from '../../lib/analysis/math/kl-divergence.ts';
import { logSoftmaxRows } from '../../lib/analysis/math/log-softmax.ts';

const f32 = (values: number[]) => Float32Array.from(values);
const rnd = (n: number, seed: number) => Float32Array.from({ length: n }, (_, k) => Math.sin(k * 12.9898 + seed) * 3);

/**
 * The contribution-distance nodes alone, as a model of the given opset, on m variant streams
 * stacked on the batch axis ([m * B, S, H]) against one reference [B, S, H]; returns [m, B * S].
 */
async function measureContribution(opset: number, dims: [number, number, number], reference: Float32Array, varOut: Float32Array, varIn: Float32Array): Promise<Float32Array> {
  const [B, S, H] = dims;
  const names = { blockIn: 'in', blockOut: 'out', reference: 'ref', distance: 'distance' };
  const { nodes, initializers } = contributionDistanceNodes(names, B * S, H, opset, 'd');
  const bytes = encodeModel({
    irVersion: 8, opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'distance', node: nodes, initializer: initializers, output: [floatInput('distance', ['M', B * S])],
      input: [floatInput('in', ['MB', S, H]), floatInput('out', ['MB', S, H]), floatInput('ref', [B, S, H])],
    },
  });
  const session = await ort.InferenceSession.create(bytes);
  const copies = varIn.length / (B * S * H);
  const out = await session.run({
    in: new ort.Tensor('float32', varIn, [copies * B, S, H]), out: new ort.Tensor('float32', varOut, [copies * B, S, H]),
    ref: new ort.Tensor('float32', reference, dims),
  });
  await session.release();
  return out.distance.data as Float32Array;
}

/** The KL nodes alone on logits [(1 + m) * s, seqLen, V]; returns the per-token KL [m, s * seqLen]. */
async function measureKlNodes(opset: number, logits: Float32Array, copies: number, tokens: number, vocab: number): Promise<Float32Array> {
  const { nodes, initializers } = klDivergenceNodes({ logits: 'logits', rowsShape: 'shape', kl: 'kl' }, opset, 'kl');
  const bytes = encodeModel({
    irVersion: 8, opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'kl', node: nodes, output: [floatInput('kl', ['M', 'T'])], initializer: initializers,
      input: [floatInput('logits', ['B', 'S', 'V']), { name: 'shape', type: { tensorType: { elemType: 7, shape: { dim: [{ dimValue: 3 }] } } } }],
    },
  });
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({
    logits: new ort.Tensor('float32', logits, [copies, tokens, vocab]),
    shape: new ort.Tensor('int64', BigInt64Array.from([copies, tokens, vocab].map(BigInt)), [3]),
  });
  await session.release();
  return out.kl.data as Float32Array;
}

describe('ONNX measurement heads', () => {
  it.each([12, 18])('contribution distance (opset %i): hand-derived distances, per variant and token', async (opset) => {
    // intact contribution per token: (1,0) and (0,1)
    const reference = f32([1, 0, 0, 1]);
    // variant 0: contributions (2,0),(1,1) -> 0 and 1 - 1/sqrt2; variant 1: (0,1),(0,-3) -> 1 and 2;
    // variant 2: zero contributions -> 1 and 1
    const varIn = f32([0, 0, 0, 0, 5, 5, 5, 5, 5, 5, 5, 5]);
    const varOut = f32([2, 0, 1, 1, 5, 6, 5, 2, 5, 5, 5, 5]);
    const d = await measureContribution(opset, [1, 2, 2], reference, varOut, varIn);
    [0, 1 - Math.SQRT1_2, 1, 2, 1, 1].forEach((expected, k) => expect(d[k]).toBeCloseTo(expected, 6));
    // a zero reference: distance 1
    const zero = await measureContribution(opset, [1, 2, 2], f32([0, 0, 0, 0]), f32([2, 0, 1, 1]), f32([0, 0, 0, 0]));
    expect([...zero]).toEqual([1, 1]);
  });

  it.each([12, 18])('contribution distance (opset %i) agrees with the JavaScript definition on random stacked data', async (opset) => {
    const [B, S, H, M] = [3, 7, 12, 4];
    const n = B * S * H;
    const reference = contribution(rnd(n, 1), rnd(n, 2));
    const varOut = rnd(M * n, 3);
    const varIn = rnd(M * n, 4);
    const d = await measureContribution(opset, [B, S, H], reference, varOut, varIn);
    for (let m = 0; m < M; m++) {
      const expected = cosineDistancePerToken(reference, contribution(varOut.subarray(m * n, (m + 1) * n), varIn.subarray(m * n, (m + 1) * n)), H);
      for (let t = 0; t < B * S; t++) expect(Math.abs(d[m * B * S + t] - expected[t])).toBeLessThan(1e-6);
    }
  });

  it.each([13, 18])('drop-one KL nodes (opset %i): hand-derived value and agreement with the JavaScript definition', async (opset) => {
    // p = softmax(0, ln 3) = (1/4, 3/4), q = (1/2, 1/2): KL = 1/4 ln(1/2) + 3/4 ln(3/2); q = p: 0
    const kl = await measureKlNodes(opset, f32([0, Math.log(3), 0, 0, 0, Math.log(3)]), 3, 1, 2);
    expect(kl[0]).toBeCloseTo(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), 6);
    expect(kl[1]).toBeCloseTo(0, 6);
    const full = f32([1000, 998, -5, 3, 2, 1]);
    const variant = f32([990, 999, 0, 1, 2, 3]);
    const expected = klDivergencePerToken(logSoftmaxRows(full, 3), logSoftmaxRows(variant, 3), 3);
    const measured = await measureKlNodes(opset, f32([...full, ...variant]), 2, 2, 3);
    expected.forEach((e, t) => expect(measured[t]).toBeCloseTo(e, 5));
  });
});
