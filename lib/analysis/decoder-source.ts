import { loadOnnxModel } from '../onnx/load-onnx-model.ts';
import { findDecoderStructure } from '../onnx/find-decoder-structure.ts';
import { partitionDecoder } from '../onnx/partition-decoder.ts';
import type { DecoderPartition } from '../onnx/decoder-partition.ts';
import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';

/** A model read from disk, its structure and its stage partition. */
export interface OpenedDecoder {
  model: OnnxModel;
  structure: DecoderStructure;
  partition: DecoderPartition;
}

/** `bytes`: the model file's bytes when already read. */
export function openDecoder(modelPath: string, bytes?: Uint8Array): OpenedDecoder {
  const model = loadOnnxModel(modelPath, { bytes });
  const structure = findDecoderStructure(model);
  return { model, structure, partition: partitionDecoder(model, structure) };
}
