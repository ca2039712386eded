import * as ort from 'onnxruntime-node';
import { loadOnnxModel } from '../onnx/load-onnx-model.ts';
import { findDecoderStructure } from '../onnx/find-decoder-structure.ts';
import { buildDecoderFeeds } from '../onnx/decoder-feeds.ts';
import { sessionOptions } from './session-settings.ts';

export interface ForwardTiming {
  /** Wall time of each timed run of the unmodified full model, ms. */
  runsMs: number[];
  medianMs: number;
  /** Process CPU time (all threads, user + system) of each run, ms. */
  cpuMs: number[];
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
    const cpuMs: number[] = [];
    for (let k = 0; k < runs; k++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      await session.run(feeds, [structure.logits]);
      runsMs.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpuMs.push((used.user + used.system) / 1000);
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    return { runsMs, medianMs: sorted[Math.floor(sorted.length / 2)], cpuMs, sessionCreateMs };
  } finally {
    await session.release();
  }
}
