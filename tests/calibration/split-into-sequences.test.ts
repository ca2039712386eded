import { describe, expect, it } from 'vitest';
import { splitIntoSequences } from '../../lib/calibration/split-into-sequences.ts';
import { expectCalibrationError } from './expect-calibration-error.ts';

const byteModel = { vocabSize: 256, maxSequenceLength: null };
const range = (count: number) => BigInt64Array.from({ length: count }, (_, index) => BigInt(index % 256));

describe('splitIntoSequences', () => {
  it('cuts whole sequences and reports the dropped tail', () => {
    const split = splitIntoSequences(range(10), 4, byteModel);
    expect(split).toEqual({ ids: range(8), sequences: 2, seqLen: 4, droppedTokens: 2 });
  });

  it('takes plain number arrays too', () => {
    expect(splitIntoSequences([1, 2, 3], 3, byteModel).ids).toEqual(BigInt64Array.from([1n, 2n, 3n]));
  });

  it('keeps at most maxSequences sequences', () => {
    const split = splitIntoSequences(range(1000), 100, { ...byteModel, maxSequences: 3 });
    expect(split.sequences).toBe(3);
    expect(split.ids.length).toBe(300);
    expect(split.droppedTokens).toBe(700);
  });

  it('returns a copy that does not share the input', () => {
    const input = range(8);
    const split = splitIntoSequences(input, 8, byteModel);
    input[0] = 99n;
    expect(split.ids[0]).toBe(0n);
  });

  it('names the first id outside the vocabulary, its position and the vocabulary size', () => {
    const ids = BigInt64Array.from([1n, 2n, 256n, 3n, 999n, 4n]);
    expectCalibrationError(
      () => splitIntoSequences(ids, 2, byteModel),
      'out-of-vocabulary',
      'token id 256 at position 2 is outside the vocabulary: the model has 256 ids (0..255) (2 ids in all are outside it)',
    );
    expectCalibrationError(
      () => splitIntoSequences(BigInt64Array.from([5n, -1n]), 2, byteModel),
      'out-of-vocabulary',
      'token id -1 at position 1 is outside the vocabulary: the model has 256 ids (0..255)',
    );
  });

  it('says how many tokens one sequence needs', () => {
    expectCalibrationError(
      () => splitIntoSequences(range(100), 256, byteModel),
      'too-few-tokens',
      '100 tokens are too few for one sequence of 256: at least 256 are needed (156 more)',
    );
  });

  it('refuses a sequence length longer than the model allows, and allows any when unlimited', () => {
    expectCalibrationError(
      () => splitIntoSequences(range(4096), 2048, { vocabSize: 256, maxSequenceLength: 1024 }),
      'sequence-too-long',
      'sequence length 2048 is longer than the model allows: at most 1024 tokens',
    );
    expect(splitIntoSequences(range(4096), 4096, byteModel).sequences).toBe(1);
  });

  it('refuses empty input and sequence lengths that are not positive whole numbers', () => {
    expectCalibrationError(
      () => splitIntoSequences(new BigInt64Array(0), 16, byteModel),
      'empty',
      'there are no calibration tokens: the input is empty',
    );
    expectCalibrationError(() => splitIntoSequences(range(8), 0, byteModel), 'bad-sequence-length', /sequence length 0 is not a positive whole number/);
    expectCalibrationError(() => splitIntoSequences(range(8), 2.5, byteModel), 'bad-sequence-length', /2.5/);
    expectCalibrationError(
      () => splitIntoSequences(range(8), 2, { ...byteModel, maxSequences: 0 }),
      'bad-sequence-length',
      'maxSequences 0 is not a positive whole number',
    );
  });
});
