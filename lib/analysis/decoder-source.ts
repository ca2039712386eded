import type * as ort from 'onnxruntime-node';
import { loadOnnxModel } from '../onnx/load-onnx-model.ts';
import { findDecoderStructure } from '../onnx/find-decoder-structure.ts';
import { partitionDecoder } from '../onnx/partition-decoder.ts';
import { buildDecoderFeeds } from '../onnx/decoder-feeds.ts';
import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import type { DecoderPartition } from '../onnx/decoder-partition.ts';
import type { FeedBuilder } from './prologue-runner.ts';

/** A model read from disk, its structure and its stage partition, ready for the engine. */
export interface OpenedDecoder {
  structure: DecoderStructure;
  partition: DecoderPartition;
  buildFeeds: FeedBuilder;
}

export function openDecoder(modelPath: string, seqLen: number): OpenedDecoder {
  const model = loadOnnxModel(modelPath);
  const structure = findDecoderStructure(model);
  const partition = partitionDecoder(model, structure);
  const buildFeeds: FeedBuilder = (tokens, sequences) =>
    buildDecoderFeeds(structure, tokens, sequences, seqLen) as Record<string, ort.Tensor>;
  return { structure, partition, buildFeeds };
}
