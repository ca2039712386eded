export type Matrix = ArrayLike<ArrayLike<number | null>>;

export interface Domain {
  min: number;
  max: number;
  /** Smallest positive value: the floor of a log scale. */
  minPositive: number;
}

/** Extent of the defined values; null when nothing is defined yet. */
export function matrixDomain(matrix: Matrix): Domain | null {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  for (let i = 0; i < matrix.length; i++) {
    const row = matrix[i]!;
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > 0 && v < minPositive) minPositive = v;
    }
  }
  if (min === Infinity) return null;
  return { min, max, minPositive: minPositive === Infinity ? max : minPositive };
}

/** A - B where both are defined. */
export function matrixDifference(a: Matrix, b: Matrix): Array<Array<number | null>> {
  const size = Math.min(a.length, b.length);
  return Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => {
    const x = a[i]![j];
    const y = b[i]![j];
    return x === null || x === undefined || y === null || y === undefined ? null : x - y;
  }));
}
