import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { decodeModel } from './decode-model.ts';
import { PROTOBUF_SIZE_LIMIT } from './encode-model.ts';
import { validateExternalData } from './external-data.ts';
import type { OnnxModel } from './onnx-model.ts';
import { modelTensors } from './model-tensors.ts';
import { ensureUniqueNodeNames } from './unique-node-names.ts';

export interface LoadOptions {
  /** Name empty or repeated node names (default true). Off to keep the file's bytes exactly. */
  uniqueNodeNames?: boolean;
  /** The file's bytes when the caller has read them already (they are not read again). */
  bytes?: Uint8Array;
}

/**
 * Reads an ONNX model file. External data stays on disk and is read per tensor when needed;
 * every external location is checked now and refused if it leaves the model's folder.
 */
export function loadOnnxModel(path: string, options: LoadOptions = {}): OnnxModel {
  const absolute = resolve(path);
  const size = statSync(absolute).size;
  if (size > PROTOBUF_SIZE_LIMIT) {
    throw new Error(`${path} is ${size} bytes, over the 2 GiB a protobuf can hold: models this large must keep their weights in external data files`);
  }
  const proto = decodeOrExplain(options.bytes ?? readFileSync(absolute), path);
  if (!proto.graph) throw new Error(`${path} holds no graph: is it an ONNX model?`);
  const baseDir = dirname(absolute);
  validateExternalData(baseDir, modelTensors(proto));
  if (options.uniqueNodeNames !== false) ensureUniqueNodeNames(proto.graph);
  return { proto, baseDir, path: absolute };
}

function decodeOrExplain(bytes: Uint8Array, path: string) {
  try {
    return decodeModel(bytes);
  } catch (error) {
    throw new Error(`${path} is not a readable ONNX model (protobuf decoding failed: ${error instanceof Error ? error.message : String(error)})`);
  }
}
