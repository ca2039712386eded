import type { DependencyMatrix, RangeDependency } from './types.ts';

/** Largest, mean and summed M[i][j] over a <= i < j <= b (entries not computed are skipped). */
export function rangeDependency(matrix: DependencyMatrix, [a, b]: [number, number]): RangeDependency {
  let max: number | null = null;
  let sum = 0;
  let count = 0;
  for (let i = a; i <= b; i++) {
    for (let j = i + 1; j <= b; j++) {
      const value = matrix[i]?.[j];
      if (value === null || value === undefined || Number.isNaN(value)) continue;
      max = max === null ? value : Math.max(max, value);
      sum += value;
      count++;
    }
  }
  return { max, mean: count ? sum / count : null, sum };
}

/** "0.044 (2^-4.5)" */
export function formatDependency(value: number | null): string {
  if (value === null) return 'n/a';
  return value > 0 ? `${value.toPrecision(2)} (2^${Math.log2(value).toFixed(1)})` : String(value);
}
