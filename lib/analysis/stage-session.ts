import * as ort from 'onnxruntime-node';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { ModelProto } from '../onnx/onnx-types.ts';
import { promoteToFloat32 } from '../onnx/promote-to-float32.ts';
import { runnableModel, type WeightStaging } from '../onnx/runnable-model.ts';
import { explainProviderError } from './execution-provider.ts';
import { sessionOptions, type SessionSettings } from './session-settings.ts';

/**
 * An onnxruntime session for one stage of a model, computing in float32 whatever precision its
 * weights are stored in (promote-to-float32.ts: half-precision weights are cast when the session
 * is created, so the stage equals the float32 model of the same rounded weights) (a block, the prologue, the epilogue, with any
 * measurement nodes): its weights are read from the model's files into one buffer handed over as
 * in-memory external data (a `staging` buffer reused stage after stage, when given), which
 * onnxruntime copies, so it is free again as soon as the session exists.
 */
export async function createStageSession(
  source: OnnxModel, proto: ModelProto, name: string, settings: SessionSettings, staging?: WeightStaging,
): Promise<ort.InferenceSession> {
  const { bytes, externalData } = runnableModel(source, promoteToFloat32(proto), name, staging);
  const options = sessionOptions(settings);
  try {
    return await ort.InferenceSession.create(bytes, externalData.length > 0 ? { ...options, externalData } : options);
  } catch (error) {
    throw explainProviderError(error, settings.executionProvider ?? 'cpu');
  }
}
