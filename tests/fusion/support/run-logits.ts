import * as ort from 'onnxruntime-node';
import type { DecoderStructure } from '../../../lib/onnx/decoder-structure.ts';
import { buildModelFeeds } from '../../../lib/onnx/build-model-feeds.ts';
import { findDecoderStructure } from '../../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../../lib/onnx/load-onnx-model.ts';

/**
 * Runs a model file once and returns the requested outputs (default: the logits); inputs are
 * fed as `structure` (default: the file's own) declares them.
 */
export async function runModel(
  file: string, tokens: BigInt64Array, batch: number, seqLen: number, outputs?: string[], structure: DecoderStructure = findDecoderStructure(loadOnnxModel(file)),
): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const names = outputs ?? [structure.logits];
    const result = await session.run(buildModelFeeds(structure, tokens, batch, seqLen), names);
    return Object.fromEntries(names.map((n) => [n, result[n]!.data as Float32Array]));
  } finally {
    await session.release();
  }
}

/** Largest over rows of max|x - y| / max|y| (rows of `width`: one token's logits). */
export function maxRowRelativeError(actual: Float32Array, expected: Float32Array, width: number): number {
  let worst = 0;
  for (let row = 0; row < expected.length / width; row++) {
    let diff = 0;
    let scale = 0;
    for (let v = row * width; v < (row + 1) * width; v++) {
      diff = Math.max(diff, Math.abs(actual[v] - expected[v]));
      scale = Math.max(scale, Math.abs(expected[v]));
    }
    worst = Math.max(worst, diff / scale);
  }
  return worst;
}
