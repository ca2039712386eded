import { CalibrationError } from './calibration-error.ts';

/** Refuses ids outside 0..vocabSize-1, naming the first one, its position, and how many there are. */
export function checkVocabulary(ids: BigInt64Array, vocabSize: number): void {
  const limit = BigInt(vocabSize);
  let first = -1;
  let count = 0;
  for (let index = 0; index < ids.length; index++) {
    if (ids[index] < 0n || ids[index] >= limit) {
      if (first < 0) first = index;
      count++;
    }
  }
  if (first < 0) return;
  const others = count > 1 ? ` (${count} ids in all are outside it)` : '';
  throw new CalibrationError(
    'out-of-vocabulary',
    `token id ${ids[first]} at position ${first} is outside the vocabulary: the model has ${vocabSize} ids ` +
      `(0..${vocabSize - 1})${others}`,
  );
}
