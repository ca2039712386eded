import { DataType } from './data-types.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { TensorProto } from './onnx-types.ts';
import { tensorToFloat32 } from './tensor-data.ts';

export function findInitializer(model: OnnxModel, name: string): TensorProto {
  const tensor = model.proto.graph?.initializer?.find((t) => t.name === name);
  if (!tensor) throw new Error(`the model has no initializer named "${name}"`);
  return tensor;
}

/** An initializer's values as Float32Array (float32, float16, bfloat16 or double storage). */
export function readInitializerFloat32(model: OnnxModel, name: string): Float32Array {
  return tensorToFloat32(model, findInitializer(model, name));
}

/**
 * Replaces an initializer's data with float32 values, stored inline (raw_data). Creates the
 * initializer when it does not exist; `dims` defaults to the existing shape.
 */
export function setInitializerFloat32(model: OnnxModel, name: string, values: Float32Array, dims?: number[]): TensorProto {
  const graph = model.proto.graph ?? (model.proto.graph = {});
  const list = graph.initializer ?? (graph.initializer = []);
  const existing = list.find((t) => t.name === name);
  const shape = dims ?? existing?.dims;
  if (!shape) throw new Error(`setInitializerFloat32: "${name}" does not exist and no dims were given`);
  const count = shape.reduce<number>((a, d) => a * Number(d), 1);
  if (count !== values.length) throw new Error(`setInitializerFloat32: "${name}" has ${count} elements, got ${values.length} values`);
  const tensor: TensorProto = {
    name,
    dims: shape.map((d) => Number(d)),
    dataType: DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
  if (existing) list[list.indexOf(existing)] = tensor;
  else list.push(tensor);
  return tensor;
}
