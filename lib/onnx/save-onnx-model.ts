import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { cloneMessage } from './clone-message.ts';
import { encodeModel, PROTOBUF_SIZE_LIMIT } from './encode-model.ts';
import { EXTERNAL_LOCATION, isExternalTensor } from './external-data.ts';
import { ModelWriteError } from './model-write-error.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { TensorProto } from './onnx-types.ts';
import { storedTensorSource } from './stored-tensor-source.ts';
import { collectTensorBytes, type GeneratedTensors, type TensorByteSource } from './tensor-byte-source.ts';
import { tensorByteLength, tensorBytes } from './tensor-data.ts';

export interface SaveOptions {
  /** Put initializers of at least `sizeThreshold` bytes into `<file>.data`. Always done when they exceed 2 GiB. */
  externalData?: boolean;
  /** Smallest initializer (bytes) moved to the data file; default 1024. */
  sizeThreshold?: number;
  /**
   * Initializers whose proto holds no data: their bytes come from these sources, piece by piece,
   * straight into the data file (a fused range's wide FFN weights).
   */
  generated?: GeneratedTensors;
  /** Largest piece read from a source and written at once; default 16 MiB (large enough for the disk to stream, small beside any model). */
  pieceBytes?: number;
}

export interface SaveResult {
  path: string;
  /** The data file written, or null when every tensor is inline. */
  externalDataPath: string | null;
}

/** Room left for the graph itself when deciding whether inline weights still fit in 2 GiB. */
const GRAPH_HEADROOM = 64 * 2 ** 20;
const DATA_ALIGNMENT = 64;
const DEFAULT_PIECE_BYTES = 16 * 2 ** 20;
const TYPED_FIELDS = ['floatData', 'int32Data', 'int64Data', 'doubleData', 'uint64Data'] as const;

/**
 * Writes a model. Initializers are inlined, or (externalData, or when they would not fit in a
 * protobuf) moved to one `<file>.data` next to the model. Tensors in source external data and
 * generated tensors are copied into the new data file in pieces of `pieceBytes`, so memory holds
 * one piece, never a whole tensor. Files are written under temporary names and renamed at the end,
 * so a model can be saved over itself and a failure (a full disk) leaves nothing partial behind:
 * it throws a ModelWriteError naming the file and what to do.
 */
export function saveOnnxModel(model: OnnxModel, path: string, options: SaveOptions = {}): SaveResult {
  const target = resolve(path);
  const initializers = model.proto.graph?.initializer ?? [];
  const generated = options.generated ?? new Map<string, TensorByteSource>();
  checkGenerated(initializers, generated);
  const external = options.externalData || mustUseExternalData(initializers);
  const dataPath = `${target}.data`;
  const tmpSuffix = `.tmp-${process.pid}-${Date.now()}`;
  const writer: TensorWriter = { model, generated, pieceBytes: options.pieceBytes ?? DEFAULT_PIECE_BYTES };
  try {
    const rewritten = external
      ? writeExternal(writer, initializers, dataPath + tmpSuffix, basename(dataPath), options.sizeThreshold ?? 1024)
      : initializers.map((t) => inlined(writer, t));
    const proto = cloneMessage(model.proto);
    proto.graph = cloneMessage(model.proto.graph ?? {});
    proto.graph.initializer = rewritten;
    const wroteData = external && rewritten.some(isExternalTensor);
    writeFileSynced(target + tmpSuffix, encodeModel(proto));
    if (wroteData) renameSync(dataPath + tmpSuffix, dataPath);
    renameSync(target + tmpSuffix, target);
    return { path: target, externalDataPath: wroteData ? dataPath : null };
  } catch (error) {
    throw new ModelWriteError(target, initializers.reduce((sum, t) => sum + tensorByteLength(t), 0), error);
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

interface TensorWriter {
  model: OnnxModel;
  generated: GeneratedTensors;
  pieceBytes: number;
}

/** Every generated tensor must be an initializer of the model and announce its type and shape's size. */
function checkGenerated(initializers: TensorProto[], generated: GeneratedTensors): void {
  const byName = new Map(initializers.map((t) => [t.name ?? '', t]));
  for (const [name, source] of generated) {
    const tensor = byName.get(name);
    if (!tensor) throw new Error(`generated tensor "${name}" is not an initializer of the model`);
    if (source.byteLength !== tensorByteLength(tensor)) {
      throw new Error(`generated tensor "${name}" produces ${source.byteLength} bytes, but its type and shape need ${tensorByteLength(tensor)}`);
    }
  }
}

/** The tensor with its data in raw_data: read whole from external data, or collected from its generator. */
function inlined(writer: TensorWriter, tensor: TensorProto): TensorProto {
  const source = writer.generated.get(tensor.name ?? '');
  if (!source && !isExternalTensor(tensor)) {
    checkHoldsData(tensor);
    return tensor;
  }
  const copy = cloneMessage(tensor);
  copy.rawData = source ? collectTensorBytes(source, writer.pieceBytes) : tensorBytes(writer.model, tensor);
  delete copy.externalData;
  delete copy.dataLocation;
  return copy;
}

function writeExternal(writer: TensorWriter, tensors: TensorProto[], file: string, location: string, threshold: number): TensorProto[] {
  const fd = openSync(file, 'w');
  let offset = 0;
  try {
    const rewritten = tensors.map((tensor) => {
      const size = tensorByteLength(tensor);
      if (size < threshold || size === 0) return inlined(writer, tensor);
      const padding = (DATA_ALIGNMENT - (offset % DATA_ALIGNMENT)) % DATA_ALIGNMENT;
      if (padding) writeAll(fd, new Uint8Array(padding), offset);
      offset += padding;
      const length = writeTensorData(writer, fd, tensor, offset);
      const copy = cloneMessage(tensor);
      delete copy.rawData;
      for (const field of TYPED_FIELDS) copy[field] = [];
      copy.dataLocation = EXTERNAL_LOCATION;
      copy.externalData = [
        { key: 'location', value: location },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(length) },
      ];
      offset += length;
      return copy;
    });
    fsyncSync(fd);
    return rewritten;
  } finally {
    closeSync(fd);
  }
}

/** Writes one tensor's data at `position`, piece by piece when it comes from a file or a generator; returns its length. */
function writeTensorData(writer: TensorWriter, fd: number, tensor: TensorProto, position: number): number {
  const source = writer.generated.get(tensor.name ?? '') ?? (isExternalTensor(tensor) ? storedTensorSource(writer.model, tensor) : null);
  if (!source) {
    checkHoldsData(tensor);
    const bytes = tensorBytes(writer.model, tensor);
    writeAll(fd, bytes, position);
    return bytes.byteLength;
  }
  let written = 0;
  for (const piece of source.pieces(writer.pieceBytes)) {
    writeAll(fd, piece, position + written);
    written += piece.byteLength;
  }
  if (written !== source.byteLength) throw new Error(`tensor "${tensor.name}": its source produced ${written} bytes, not the ${source.byteLength} it announced`);
  return written;
}

/** Refuses a tensor declared with elements but no data at all: a generated tensor saved without its source. */
function checkHoldsData(tensor: TensorProto): void {
  const empty = !tensor.rawData?.length && TYPED_FIELDS.every((field) => !tensor[field]?.length);
  if (empty && tensorByteLength(tensor) > 0) {
    throw new Error(`tensor "${tensor.name}" has ${tensorByteLength(tensor)} bytes by its type and shape but holds no data (a generated tensor saved without its source?)`);
  }
}

function writeFileSynced(file: string, bytes: Uint8Array): void {
  const fd = openSync(file, 'w');
  try {
    writeAll(fd, bytes, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
}
