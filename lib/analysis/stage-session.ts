import * as ort from 'onnxruntime-node';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { ModelProto } from '../onnx/onnx-types.ts';
import { runnableModel, type WeightStaging } from '../onnx/runnable-model.ts';
import { explainProviderError } from './execution-provider.ts';
import { sessionOptions, type SessionSettings } from './session-settings.ts';

/**
 * An onnxruntime session for one stage of a model (a block, the prologue, the epilogue, with any
 * measurement nodes): its weights are read from the model's files into one buffer handed over as
 * in-memory external data (a `staging` buffer reused stage after stage, when given), which
 * onnxruntime copies, so it is free again as soon as the session exists.
 */
export async function createStageSession(
  source: OnnxModel, proto: ModelProto, name: string, settings: SessionSettings, staging?: WeightStaging,
): Promise<ort.InferenceSession> {
  const { bytes, externalData } = runnableModel(source, proto, name, staging);
  const options = sessionOptions(settings);
  try {
    return await ort.InferenceSession.create(bytes, externalData.length > 0 ? { ...options, externalData } : options);
  } catch (error) {
    throw explainProviderError(error, settings.executionProvider ?? 'cpu');
  }
}
