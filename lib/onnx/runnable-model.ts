import { cloneMessage } from './clone-message.ts';
import { encodeModel } from './encode-model.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { ModelProto, TensorProto } from './onnx-types.ts';
import { storedByteLength } from './stored-byte-length.ts';
import { openTensorRangeReader } from './tensor-range-reader.ts';

/** What onnxruntime-node's InferenceSession.create takes for a model with in-memory external data. */
export interface RunnableModel {
  bytes: Uint8Array;
  externalData: Array<{ path: string; data: Uint8Array }>;
}

/**
 * One buffer that the weights of stage after stage are gathered into. onnxruntime copies
 * in-memory external data into its own tensors when the session is created, so the buffer is free
 * again once the session exists; reusing it keeps one stage's weights in JavaScript at a time,
 * where fresh buffers would pile up until the garbage collector notices them.
 */
export class WeightStaging {
  private buffer = new Uint8Array(0);

  take(size: number): Uint8Array {
    if (this.buffer.length < size) {
      this.buffer = new Uint8Array(0);
      this.buffer = new Uint8Array(size);
    }
    return this.buffer.subarray(0, size);
  }
}

/** Tensors smaller than this stay inline in the graph bytes. */
const MIN_MOVED_BYTES = 1024;
const ALIGNMENT = 64;

/**
 * A part of a model (a stage, a head graph with weights) ready for onnxruntime: the graph encoded
 * without its weights, and the weights it reads gathered into one buffer handed over as in-memory
 * external data. External tensors are read straight from their range of the source's data file
 * into that buffer (onnxruntime refuses external files outside the model file's own folder, and a
 * model built in memory has no folder), so loading one block reads that block's weights and
 * nothing else; the buffer can be dropped once the session exists.
 */
export function runnableModel(source: Pick<OnnxModel, 'baseDir'>, proto: ModelProto, name: string, staging?: WeightStaging): RunnableModel {
  const initializers = proto.graph?.initializer ?? [];
  const location = `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.weights`;
  const placed: Array<{ tensor: TensorProto; offset: number; length: number }> = [];
  let size = 0;
  const moved = initializers.map((tensor) => {
    const length = storedByteLength(tensor);
    if (length < MIN_MOVED_BYTES) return tensor;
    placed.push({ tensor, offset: size, length });
    const external: TensorProto = {
      name: tensor.name, dims: tensor.dims, dataType: tensor.dataType, dataLocation: 1,
      externalData: [{ key: 'location', value: location }, { key: 'offset', value: String(size) }, { key: 'length', value: String(length) }],
    };
    size += Math.ceil(length / ALIGNMENT) * ALIGNMENT;
    return external;
  });
  const data = staging ? staging.take(size) : new Uint8Array(size);
  for (const { tensor, offset, length } of placed) {
    const reader = openTensorRangeReader(source, tensor);
    try {
      reader.read(0, data.subarray(offset, offset + length));
    } finally {
      reader.close();
    }
  }
  const graph = cloneMessage(proto.graph ?? {});
  graph.initializer = moved;
  const model = cloneMessage(proto);
  model.graph = graph;
  const bytes = encodeModel(model);
  return { bytes, externalData: size > 0 ? [{ path: location, data }] : [] };
}
