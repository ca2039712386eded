import { externalDataRef, isExternalTensor } from './external-data.ts';
import { modelTensors } from './model-tensors.ts';
import type { OnnxModel } from './onnx-model.ts';

/** Distinct external data locations (relative to the model's folder) that a model reads. */
export function externalDataFiles(model: OnnxModel): string[] {
  const locations = new Set<string>();
  for (const tensor of modelTensors(model.proto)) {
    if (isExternalTensor(tensor)) locations.add(externalDataRef(tensor).location);
  }
  return [...locations].sort();
}
