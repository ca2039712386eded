import * as ort from 'onnxruntime-node';
import { sessionOptions, type SessionSettings } from '../session-settings.ts';
import { buildLogSoftmaxHead } from './log-softmax-head.ts';

/**
 * What measures inside ORT (vectorized float32) outside the block chain: the full model's
 * next-token distribution, and the settings for the intact-stream graph, which is built per
 * analysis for its number of blocks (intact-stream-measurements.ts). M entries and the drop-one
 * KL are measured inside the variant runs (block-chain-model.ts).
 */
export interface MeasurementHeads {
  logSoftmax: ort.InferenceSession;
  settings: SessionSettings;
}

/** The intact contribution of one block, the reference its variants are measured against. */
export interface ReferenceContribution {
  ref: ort.Tensor;
  rr: ort.Tensor;
}

export async function createMeasurementHeads(settings: SessionSettings): Promise<MeasurementHeads> {
  const options = sessionOptions(settings);
  return { logSoftmax: await ort.InferenceSession.create(buildLogSoftmaxHead(), options), settings };
}

export async function releaseMeasurementHeads(heads: MeasurementHeads): Promise<void> {
  await heads.logSoftmax.release();
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
