import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import type { BlockInfo } from './types.ts';

/** Checks the calibration tokens against the model; returns the number of sequences. */
export function validateTokens(tokens: BigInt64Array, seqLen: number, structure: DecoderStructure): number {
  if (!Number.isInteger(seqLen) || seqLen < 1) throw new Error(`sequence length must be a positive integer, got ${seqLen}`);
  if (tokens.length === 0 || tokens.length % seqLen !== 0) {
    throw new Error(`${tokens.length} tokens do not split into whole sequences of ${seqLen}`);
  }
  if (structure.maxSequenceLength !== null && seqLen > structure.maxSequenceLength) {
    throw new Error(`sequence length ${seqLen} exceeds the model's maximum of ${structure.maxSequenceLength}`);
  }
  const vocab = BigInt(structure.vocabSize);
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k] < 0n || tokens[k] >= vocab) {
      throw new Error(`token id ${tokens[k]} at position ${k} is outside the vocabulary (0..${structure.vocabSize - 1})`);
    }
  }
  return tokens.length / seqLen;
}

export function blockInfos(structure: DecoderStructure): BlockInfo[] {
  return structure.blocks.map((b) => ({ index: b.index, attention: b.attention !== null, ffn: b.ffn !== null }));
}
