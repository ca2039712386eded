import type { TensorProto } from '../onnx/onnx-types.ts';
import { encodeFloats } from './weight-precision.ts';
import { materializeWeightValues, type WeightValues } from './weight-values.ts';

/** Decides where a test decoder's float initializers keep their values as the graph is built. */
export interface InitializerStore {
  /** The initializer `name` holding `values` as `dataType`: bytes inline, or a reference to where a writer puts them. */
  add(name: string, dims: number[], dataType: number, values: WeightValues): TensorProto;
}

/** Every value generated now and held in the tensor's raw_data (models built in memory). */
export const inlineInitializers: InitializerStore = {
  add(name, dims, dataType, values) {
    return inlineTensor(name, dims, dataType, values);
  },
};

export function inlineTensor(name: string, dims: number[], dataType: number, values: WeightValues): TensorProto {
  return { name, dims, dataType, rawData: encodeFloats(materializeWeightValues(values), dataType) };
}
