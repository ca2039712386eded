import { badRequest } from './http-error.ts';

/** Whole sequences of seqLen tokens from the ids (the remainder is left out), checked against the vocabulary. */
export function splitTokenIds(ids: ArrayLike<number>, seqLen: number, vocabSize: number): BigInt64Array {
  if (ids.length < seqLen) throw badRequest(`calibration holds ${ids.length} tokens, fewer than one sequence of ${seqLen}`);
  const count = Math.floor(ids.length / seqLen) * seqLen;
  const tokens = new BigInt64Array(count);
  for (let k = 0; k < count; k++) {
    const id = ids[k]!;
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw badRequest(`token id ${id} at position ${k} is outside the vocabulary (0..${vocabSize - 1})`);
    tokens[k] = BigInt(id);
  }
  return tokens;
}
