import { CalibrationError } from './calibration-error.ts';
import { checkVocabulary } from './check-vocabulary.ts';

export interface SplitOptions {
  /** The model's vocabulary size: every id must lie in 0..vocabSize-1. */
  vocabSize: number;
  /** The longest sequence the model takes; null when it sets no limit. */
  maxSequenceLength: number | null;
  /** Use at most this many sequences (the first ones). */
  maxSequences?: number;
}

export interface CalibrationSequences {
  /** sequences * seqLen ids, sequence after sequence. */
  ids: BigInt64Array;
  sequences: number;
  seqLen: number;
  /** Ids left over: the tail shorter than one sequence, and whatever maxSequences left out. */
  droppedTokens: number;
}

/** Cuts a stream of token ids into whole sequences of seqLen, after checking it fits the model. */
export function splitIntoSequences(
  ids: BigInt64Array | readonly number[],
  seqLen: number,
  options: SplitOptions,
): CalibrationSequences {
  const stream = ids instanceof BigInt64Array ? ids : BigInt64Array.from(ids, (id) => BigInt(id));
  checkSequenceLength(seqLen, options.maxSequenceLength);
  if (stream.length === 0) throw new CalibrationError('empty', 'there are no calibration tokens: the input is empty');
  checkVocabulary(stream, options.vocabSize);
  const whole = Math.floor(stream.length / seqLen);
  if (whole === 0) {
    throw new CalibrationError(
      'too-few-tokens',
      `${stream.length} tokens are too few for one sequence of ${seqLen}: ` +
        `at least ${seqLen} are needed (${seqLen - stream.length} more)`,
    );
  }
  const sequences = Math.min(whole, sequenceLimit(options.maxSequences));
  return {
    ids: stream.slice(0, sequences * seqLen),
    sequences,
    seqLen,
    droppedTokens: stream.length - sequences * seqLen,
  };
}

function checkSequenceLength(seqLen: number, maxSequenceLength: number | null): void {
  if (!Number.isInteger(seqLen) || seqLen < 1) {
    throw new CalibrationError('bad-sequence-length', `sequence length ${seqLen} is not a positive whole number`);
  }
  if (maxSequenceLength !== null && seqLen > maxSequenceLength) {
    throw new CalibrationError(
      'sequence-too-long',
      `sequence length ${seqLen} is longer than the model allows: at most ${maxSequenceLength} tokens`,
    );
  }
}

function sequenceLimit(maxSequences: number | undefined): number {
  if (maxSequences === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(maxSequences) || maxSequences < 1) {
    throw new CalibrationError('bad-sequence-length', `maxSequences ${maxSequences} is not a positive whole number`);
  }
  return maxSequences;
}
