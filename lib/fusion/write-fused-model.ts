import fs from 'node:fs';
import path from 'node:path';
import { isExternalTensor } from '../onnx/external-data.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import { saveOnnxModel, type SaveResult } from '../onnx/save-onnx-model.ts';
import type { GeneratedTensors } from '../onnx/tensor-byte-source.ts';

/**
 * Saves a fused model. Weights go to `<file>.data` when the source kept them as external data,
 * and always when they would not fit in one 2 GiB protobuf. `generated` (from planFusedModel) are
 * the wide FFN weights, computed piece by piece as they are written.
 */
export function writeFusedModel(model: OnnxModel, file: string, generated: GeneratedTensors = new Map()): SaveResult {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sourceExternal = (model.proto.graph?.initializer ?? []).some(isExternalTensor);
  return saveOnnxModel(model, file, { externalData: sourceExternal, generated });
}
