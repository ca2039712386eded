import { closeSync, openSync, renameSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { cloneMessage } from './clone-message.ts';
import { encodeModel, PROTOBUF_SIZE_LIMIT } from './encode-model.ts';
import { EXTERNAL_LOCATION, isExternalTensor } from './external-data.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { TensorProto } from './onnx-types.ts';
import { tensorByteLength, tensorBytes } from './tensor-data.ts';

export interface SaveOptions {
  /** Put initializers of at least `sizeThreshold` bytes into `<file>.data`. Always done when they exceed 2 GiB. */
  externalData?: boolean;
  /** Smallest initializer (bytes) moved to the data file; default 1024. */
  sizeThreshold?: number;
}

export interface SaveResult {
  path: string;
  /** The data file written, or null when every tensor is inline. */
  externalDataPath: string | null;
}

/** Room left for the graph itself when deciding whether inline weights still fit in 2 GiB. */
const GRAPH_HEADROOM = 64 * 2 ** 20;
const DATA_ALIGNMENT = 64;
const TYPED_FIELDS = ['floatData', 'int32Data', 'int64Data', 'doubleData', 'uint64Data'] as const;

/**
 * Writes a model. Initializers are inlined, or (externalData, or when they would not fit in a
 * protobuf) moved to one `<file>.data` next to the model. Source external data is read one tensor
 * at a time, and files are written under temporary names first, so a model can be saved over itself.
 */
export function saveOnnxModel(model: OnnxModel, path: string, options: SaveOptions = {}): SaveResult {
  const target = resolve(path);
  const initializers = model.proto.graph?.initializer ?? [];
  const external = options.externalData || mustUseExternalData(initializers);
  const dataPath = `${target}.data`;
  const tmpSuffix = `.tmp-${process.pid}-${Date.now()}`;
  try {
    const rewritten = external
      ? writeExternal(model, initializers, dataPath + tmpSuffix, basename(dataPath), options.sizeThreshold ?? 1024)
      : initializers.map((t) => (isExternalTensor(t) ? inlined(model, t) : t));
    const proto = cloneMessage(model.proto);
    proto.graph = cloneMessage(model.proto.graph ?? {});
    proto.graph.initializer = rewritten;
    const wroteData = external && rewritten.some(isExternalTensor);
    writeFileSync(target + tmpSuffix, encodeModel(proto));
    if (wroteData) renameSync(dataPath + tmpSuffix, dataPath);
    renameSync(target + tmpSuffix, target);
    return { path: target, externalDataPath: wroteData ? dataPath : null };
  } finally {
    rmSync(dataPath + tmpSuffix, { force: true });
    rmSync(target + tmpSuffix, { force: true });
  }
}

/** True when the initializers, stored inline, would not fit in one protobuf message (2 GiB). */
export function mustUseExternalData(initializers: TensorProto[]): boolean {
  const inlineBytes = initializers.reduce((sum, t) => sum + tensorByteLength(t), 0);
  return inlineBytes > PROTOBUF_SIZE_LIMIT - GRAPH_HEADROOM;
}

function inlined(model: OnnxModel, tensor: TensorProto): TensorProto {
  const copy = cloneMessage(tensor);
  copy.rawData = tensorBytes(model, tensor);
  delete copy.externalData;
  delete copy.dataLocation;
  return copy;
}

function writeExternal(model: OnnxModel, tensors: TensorProto[], file: string, location: string, threshold: number): TensorProto[] {
  const fd = openSync(file, 'w');
  let offset = 0;
  try {
    return tensors.map((tensor) => {
      const size = tensorByteLength(tensor);
      if (size < threshold || size === 0) return isExternalTensor(tensor) ? inlined(model, tensor) : tensor;
      const bytes = tensorBytes(model, tensor);
      const padding = (DATA_ALIGNMENT - (offset % DATA_ALIGNMENT)) % DATA_ALIGNMENT;
      if (padding) writeSync(fd, new Uint8Array(padding), 0, padding, offset);
      offset += padding;
      writeAll(fd, bytes, offset);
      const copy = cloneMessage(tensor);
      delete copy.rawData;
      for (const field of TYPED_FIELDS) copy[field] = [];
      copy.dataLocation = EXTERNAL_LOCATION;
      copy.externalData = [
        { key: 'location', value: location },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(bytes.byteLength) },
      ];
      offset += bytes.byteLength;
      return copy;
    });
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
}

