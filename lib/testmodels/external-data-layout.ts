import { EXTERNAL_LOCATION } from '../onnx/external-data.ts';
import type { TensorProto } from '../onnx/onnx-types.ts';
import { inlineTensor, type InitializerStore } from './initializer-store.ts';
import { floatTypeBytes } from './weight-precision.ts';
import { weightCount, type WeightValues } from './weight-values.ts';

/** One tensor's place in the data file, and how to make its values when the file is written. */
export interface PlannedTensor {
  name: string;
  dataType: number;
  values: WeightValues;
  offset: number;
  byteLength: number;
}

/** The layout lib/onnx/save-onnx-model.ts writes: 64-byte aligned tensors, those under 1 KiB inline. */
const DATA_ALIGNMENT = 64;
const DEFAULT_SIZE_THRESHOLD = 1024;

/**
 * Places each initializer of at least `sizeThreshold` bytes in one external data file, in the
 * order the graph asks for them, without generating any value: the graph refers to offsets that
 * a writer fills afterwards (see write-planned-tensors.ts). Smaller tensors stay inline.
 */
export class ExternalDataLayout implements InitializerStore {
  readonly tensors: PlannedTensor[] = [];
  private end = 0;

  /** `location`: the data file's name relative to the model file, as stored in the graph. */
  constructor(readonly location: string, readonly sizeThreshold = DEFAULT_SIZE_THRESHOLD) {}

  /** Size of the data file once written. */
  get byteLength(): number {
    return this.end;
  }

  add(name: string, dims: number[], dataType: number, values: WeightValues): TensorProto {
    const byteLength = weightCount(values) * floatTypeBytes(dataType);
    if (byteLength < this.sizeThreshold || byteLength === 0) return inlineTensor(name, dims, dataType, values);
    const offset = Math.ceil(this.end / DATA_ALIGNMENT) * DATA_ALIGNMENT;
    this.tensors.push({ name, dataType, values, offset, byteLength });
    this.end = offset + byteLength;
    return {
      name,
      dims,
      dataType,
      dataLocation: EXTERNAL_LOCATION,
      externalData: [
        { key: 'location', value: this.location },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(byteLength) },
      ],
    };
  }
}
