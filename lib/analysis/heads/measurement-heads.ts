import * as ort from 'onnxruntime-node';
import { sessionOptions, type SessionSettings } from '../session-settings.ts';
import { buildReferenceHead } from './reference-head.ts';
import { buildLogSoftmaxHead } from './log-softmax-head.ts';
import { buildBlockMetricsHead } from './block-metrics-head.ts';

/**
 * Sessions that compute the reference contributions, the full model's log-probabilities and the
 * block metrics inside ORT (vectorized float32). M entries and the drop-one KL are measured inside
 * the variant runs (block-chain-model.ts).
 */
export interface MeasurementHeads {
  reference: ort.InferenceSession;
  logSoftmax: ort.InferenceSession;
  blockMetrics: ort.InferenceSession;
}

/** The intact contribution of one block, the reference its variants are measured against. */
export interface ReferenceContribution {
  ref: ort.Tensor;
  rr: ort.Tensor;
}

export async function createMeasurementHeads(settings: SessionSettings): Promise<MeasurementHeads> {
  const options = sessionOptions(settings);
  const open = (bytes: Uint8Array) => ort.InferenceSession.create(bytes, options);
  return {
    reference: await open(buildReferenceHead()),
    logSoftmax: await open(buildLogSoftmaxHead()),
    blockMetrics: await open(buildBlockMetricsHead()),
  };
}

export async function releaseMeasurementHeads(heads: MeasurementHeads): Promise<void> {
  for (const session of Object.values(heads)) await session.release();
}

/** h^j = X_j+1 - X_j and its per-token squared norms. */
export async function referenceContribution(
  heads: MeasurementHeads, intactOut: Float32Array, intactIn: Float32Array, hidden: number,
): Promise<ReferenceContribution> {
  const dims = [intactIn.length / hidden, hidden];
  const out = await heads.reference.run({ out: new ort.Tensor('float32', intactOut, dims), in: new ort.Tensor('float32', intactIn, dims) });
  return { ref: out.ref, rr: out.rr };
}

/** Next-token distributions [tokens, vocab]: log-probabilities and probabilities, computed once for all variants. */
export interface NextTokenDistribution {
  logProbs: ort.Tensor;
  probs: ort.Tensor;
}

/** Log-softmax over the vocabulary of logits [tokens, vocab], and its exponential. */
export async function nextTokenDistribution(heads: MeasurementHeads, logits: Float32Array, vocab: number): Promise<NextTokenDistribution> {
  const out = await heads.logSoftmax.run({ logits: new ort.Tensor('float32', logits, [logits.length / vocab, vocab]) });
  return { logProbs: out.lp, probs: out.p };
}

/** Block influence (= input/output cosine distance) and contribution norm ratio of one block. */
export async function measureBlock(
  heads: MeasurementHeads, input: Float32Array, output: Float32Array, hidden: number,
): Promise<{ influence: number; ratio: number }> {
  const dims = [input.length / hidden, hidden];
  const out = await heads.blockMetrics.run({ x_in: new ort.Tensor('float32', input, dims), x_out: new ort.Tensor('float32', output, dims) });
  return { influence: (out.influence.data as Float32Array)[0], ratio: (out.ratio.data as Float32Array)[0] };
}
