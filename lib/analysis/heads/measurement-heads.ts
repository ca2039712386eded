import * as ort from 'onnxruntime-node';
import { sessionOptions, type SessionSettings } from '../session-settings.ts';
import { buildCosineHead } from './cosine-head.ts';
import { buildKlHead } from './kl-head.ts';

/** Sessions that compute M entries and drop-one KL inside ORT (vectorized float32). */
export interface MeasurementHeads {
  cosine: ort.InferenceSession;
  kl: ort.InferenceSession;
}

export async function createMeasurementHeads(settings: SessionSettings): Promise<MeasurementHeads> {
  const options = sessionOptions(settings);
  return {
    cosine: await ort.InferenceSession.create(buildCosineHead(), options),
    kl: await ort.InferenceSession.create(buildKlHead(), options),
  };
}

export async function releaseMeasurementHeads(heads: MeasurementHeads): Promise<void> {
  await heads.cosine.release();
  await heads.kl.release();
}

/** Mean cosine distance between the intact contribution and each of the `variants` stacked ones. */
export async function measureContributions(
  heads: MeasurementHeads, intactOut: Float32Array, intactIn: Float32Array,
  variantOut: Float32Array, variantIn: Float32Array, variants: number, hidden: number,
): Promise<Float32Array> {
  const tokens = intactIn.length / hidden;
  const t2 = (data: Float32Array) => new ort.Tensor('float32', data, [tokens, hidden]);
  const t3 = (data: Float32Array) => new ort.Tensor('float32', data, [variants, tokens, hidden]);
  const out = await heads.cosine.run(
    { ref_out: t2(intactOut), ref_in: t2(intactIn), var_out: t3(variantOut), var_in: t3(variantIn) }, ['distance']);
  return out.distance.data as Float32Array;
}

/** Mean over tokens of KL(softmax(logitsP) || softmax(logitsQ)), logits [tokens, vocab]. */
export async function measureKl(heads: MeasurementHeads, logitsP: Float32Array, logitsQ: Float32Array, vocab: number): Promise<number> {
  const dims = [logitsP.length / vocab, vocab];
  const out = await heads.kl.run(
    { logits_p: new ort.Tensor('float32', logitsP, dims), logits_q: new ort.Tensor('float32', logitsQ, dims) }, ['kl']);
  return (out.kl.data as Float32Array)[0];
}
