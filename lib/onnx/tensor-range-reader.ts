import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { externalDataRef, isExternalTensor, resolveExternalDataPath } from './external-data.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { TensorProto } from './onnx-types.ts';
import { tensorBytes } from './tensor-data.ts';

/**
 * Reads any byte range of one stored tensor: positional reads of its external data file (only
 * the range asked for is read), or a copy out of the proto for an inline tensor.
 */
export interface TensorRangeReader {
  readonly byteLength: number;
  /** Fills `into` with the tensor's bytes [offset, offset + into.byteLength). */
  read(offset: number, into: Uint8Array): void;
  close(): void;
}

export function openTensorRangeReader(model: Pick<OnnxModel, 'baseDir'>, tensor: TensorProto): TensorRangeReader {
  return isExternalTensor(tensor) ? externalReader(model, tensor) : inlineReader(model, tensor);
}

function inlineReader(model: Pick<OnnxModel, 'baseDir'>, tensor: TensorProto): TensorRangeReader {
  const bytes = tensorBytes(model, tensor);
  return {
    byteLength: bytes.byteLength,
    read(offset, into) {
      checkRange(tensor, offset, into.byteLength, bytes.byteLength);
      into.set(bytes.subarray(offset, offset + into.byteLength));
    },
    close() {},
  };
}

function externalReader(model: Pick<OnnxModel, 'baseDir'>, tensor: TensorProto): TensorRangeReader {
  if (model.baseDir === null) throw new Error(`tensor "${tensor.name}" keeps its data in an external file, but the model was not loaded from a file`);
  const ref = externalDataRef(tensor);
  const file = resolveExternalDataPath(model.baseDir, ref.location, tensor.name);
  const fd = openSync(file, 'r');
  const byteLength = ref.length ?? fstatSync(fd).size - ref.offset;
  return {
    byteLength,
    read(offset, into) {
      checkRange(tensor, offset, into.byteLength, byteLength);
      let done = 0;
      while (done < into.byteLength) {
        const n = readSync(fd, into, done, into.byteLength - done, ref.offset + offset + done);
        if (n === 0) throw new Error(`external data of tensor "${tensor.name}" ends early in ${file} (the file is shorter than when the model was loaded)`);
        done += n;
      }
    },
    close() {
      closeSync(fd);
    },
  };
}

function checkRange(tensor: TensorProto, offset: number, length: number, byteLength: number): void {
  if (offset < 0 || offset + length > byteLength) {
    throw new Error(`bytes ${offset}..${offset + length} asked of tensor "${tensor.name}", which has ${byteLength}`);
  }
}

/** How many bytes of data a stored tensor holds (its external range, or its inline data), without reading them. */
export function storedTensorByteLength(model: Pick<OnnxModel, 'baseDir'>, tensor: TensorProto): number {
  if (!isExternalTensor(tensor)) return tensorBytes(model, tensor).byteLength;
  if (model.baseDir === null) throw new Error(`tensor "${tensor.name}" keeps its data in an external file, but the model was not loaded from a file`);
  const ref = externalDataRef(tensor);
  return ref.length ?? statSync(resolveExternalDataPath(model.baseDir, ref.location, tensor.name)).size - ref.offset;
}
