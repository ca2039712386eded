import type { DecoderStructure } from './decoder-structure.ts';
import { buildModelFeeds, type ModelFeeds } from './build-model-feeds.ts';

/** Feeds for a decoder from `sequences` rows of `seqLen` tokens (see buildModelFeeds). */
export function buildDecoderFeeds(structure: DecoderStructure, tokens: BigInt64Array | Int32Array, sequences: number, seqLen: number): ModelFeeds {
  return buildModelFeeds(structure.inputs, tokens, sequences, seqLen);
}
