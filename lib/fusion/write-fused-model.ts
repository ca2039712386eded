import fs from 'node:fs';
import path from 'node:path';
import { isExternalTensor } from '../onnx/external-data.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import { saveOnnxModel, type SaveResult } from '../onnx/save-onnx-model.ts';
import type { GeneratedTensors } from '../onnx/tensor-byte-source.ts';

/**
 * Saves a fused model. Weights go to `<file>.data` when the source kept them as external data,
 * and always when they would not fit in one 2 GiB protobuf. `generated` (from planFusedModel) are
 * the wide FFN weights, computed piece by piece as they are written. On failure nothing is left
 * behind, and the error (ModelWriteError) names the file and what to do.
 */
export function writeFusedModel(model: OnnxModel, file: string, generated: GeneratedTensors = new Map()): SaveResult {
  const folder = path.dirname(path.resolve(file));
  const createdFolder = fs.mkdirSync(folder, { recursive: true });
  const sourceExternal = (model.proto.graph?.initializer ?? []).some(isExternalTensor);
  try {
    return saveOnnxModel(model, file, { externalData: sourceExternal, generated });
  } catch (error) {
    if (createdFolder) removeEmptyFolders(folder, createdFolder);
    throw error;
  }
}

/** The saver removed its partial files; the folders made for them go too, from `deepest` up to `top`, while empty. */
function removeEmptyFolders(deepest: string, top: string): void {
  for (let dir = deepest; ; dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === top) return;
  }
}
