import * as ort from 'onnxruntime-node';
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
  const session = await ort.InferenceSession.create(file, inferenceOptions(intraOpThreads));
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

/**
 * Settings as a deployment would use them (ORT's CPU arena and memory patterns on, so repeated
 * runs reuse their buffers), except thread spinning: the two models' idle pools would otherwise
 * steal cores from the one being timed.
 */
function inferenceOptions(intraOpThreads: number | undefined): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: intraOpThreads ?? 0,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}
