import { planDependencyMatrix } from '../../lib/analysis/dependency-matrix.ts';
import { InsufficientMemoryError } from '../../lib/analysis/memory/insufficient-memory-error.ts';

/**
 * The smallest memory budget (to 1 KiB) the engine accepts for these options: there, its plan cuts
 * the work as finely as it can (one variant per block run, small epilogue runs).
 */
export function smallestBudget(options: { modelPath: string; tokens: BigInt64Array; seqLen: number }): number {
  let low = 1;
  let high = 2 ** 36;
  while (high - low > 1024) {
    const middle = Math.floor((low + high) / 2);
    try {
      planDependencyMatrix({ ...options, memoryBudgetBytes: middle });
      high = middle;
    } catch (error) {
      if (!(error instanceof InsufficientMemoryError)) throw error;
      low = middle;
    }
  }
  return high;
}
