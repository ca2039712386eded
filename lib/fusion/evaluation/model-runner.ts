import * as ort from 'onnxruntime-node';
import { sessionOptions } from '../../analysis/session-settings.ts';
import { buildModelFeeds } from '../../onnx/build-model-feeds.ts';
import type { DecoderStructure } from '../../onnx/decoder-structure.ts';
import { findDecoderStructure } from '../../onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../onnx/load-onnx-model.ts';
import type { OnnxModel } from '../../onnx/onnx-model.ts';

/** One decoder loaded in onnxruntime, computing logits for batches of token sequences. */
export interface ModelRunner {
  model: OnnxModel;
  structure: DecoderStructure;
  logits(tokens: BigInt64Array, batch: number, seqLen: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/** Opens a model file (by path, so external data loads) with the given ORT intra-op threads. */
export async function openModelRunner(file: string, intraOpThreads?: number): Promise<ModelRunner> {
  const model = loadOnnxModel(file);
  const structure = findDecoderStructure(model);
  const session = await ort.InferenceSession.create(file, sessionOptions({ intraOpThreads }));
  return {
    model,
    structure,
    async logits(tokens, batch, seqLen) {
      const outputs = await session.run(buildModelFeeds(structure, tokens, batch, seqLen), [structure.logits]);
      return outputs[structure.logits]!.data as Float32Array;
    },
    release: () => session.release(),
  };
}
