import * as ort from 'onnxruntime-node';
import { loadOnnxModel } from '../onnx/load-onnx-model.ts';
import { findDecoderStructure } from '../onnx/find-decoder-structure.ts';
import { buildDecoderFeeds } from '../onnx/decoder-feeds.ts';
import { sessionOptions } from './session-settings.ts';

export interface ForwardTiming {
  /** Wall time of each timed run of the unmodified full model, ms. */
  runsMs: number[];
  medianMs: number;
  sessionCreateMs: number;
}

/**
 * Times plain forward passes of the unmodified full model over the same tokens, with the same
 * ORT settings as the analysis sessions (the baseline the matrix cost is compared with).
 */
export async function timeFullForward(modelPath: string, tokens: BigInt64Array, seqLen: number, runs: number, intraOpThreads?: number): Promise<ForwardTiming> {
  const structure = findDecoderStructure(loadOnnxModel(modelPath));
  const feeds = buildDecoderFeeds(structure, tokens, tokens.length / seqLen, seqLen);
  const createStart = performance.now();
  const session = await ort.InferenceSession.create(modelPath, sessionOptions({ intraOpThreads }));
  const sessionCreateMs = performance.now() - createStart;
  try {
    const runsMs: number[] = [];
    for (let k = 0; k < runs; k++) {
      const start = performance.now();
      await session.run(feeds, [structure.logits]);
      runsMs.push(performance.now() - start);
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    return { runsMs, medianMs: sorted[Math.floor(sorted.length / 2)], sessionCreateMs };
  } finally {
    await session.release();
  }
}
