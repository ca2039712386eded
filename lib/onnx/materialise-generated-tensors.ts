import { cloneMessage } from './clone-message.ts';
import type { OnnxModel } from './onnx-model.ts';
import { collectTensorBytes, type GeneratedTensors } from './tensor-byte-source.ts';

/**
 * The model with each generated initializer's bytes computed into its raw_data: a complete model
 * in memory (to encode, or to hand to onnxruntime as bytes). For small models only: a large one is
 * saved with saveOnnxModel(model, path, { generated }) instead, which never holds a whole tensor.
 */
export function materialiseGeneratedTensors(model: OnnxModel, generated: GeneratedTensors): OnnxModel {
  if (generated.size === 0) return model;
  const proto = cloneMessage(model.proto);
  proto.graph = cloneMessage(model.proto.graph ?? {});
  proto.graph.initializer = (model.proto.graph?.initializer ?? []).map((tensor) => {
    const source = generated.get(tensor.name ?? '');
    if (!source) return tensor;
    const copy = cloneMessage(tensor);
    copy.rawData = collectTensorBytes(source);
    return copy;
  });
  return { ...model, proto };
}
