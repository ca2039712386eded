import type * as ort from 'onnxruntime-node';
import { loadOnnxModel } from '../onnx/load-onnx-model.ts';
import { findDecoderStructure } from '../onnx/find-decoder-structure.ts';
import { partitionDecoder } from '../onnx/partition-decoder.ts';
import { buildDecoderFeeds } from '../onnx/decoder-feeds.ts';
import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import type { DecoderPartition } from '../onnx/decoder-partition.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { FeedBuilder } from './prologue-runner.ts';

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

/** The model inputs (input_ids, attention_mask, ...) for rows of `seqLen` token ids. */
export function decoderFeedBuilder(structure: DecoderStructure, seqLen: number): FeedBuilder {
  return (tokens, sequences) => buildDecoderFeeds(structure, tokens, sequences, seqLen) as Record<string, ort.Tensor>;
}
