/**
 * The rows of M to compute. Row i (block i dropped) is one variant: it starts from the intact
 * stream X_i and runs blocks i+1..L-1 and the epilogue.
 */
export function normalizeRows(rows: number[] | undefined, blockCount: number): number[] {
  if (rows === undefined) return Array.from({ length: blockCount }, (_, i) => i);
  for (const r of rows) {
    if (!Number.isInteger(r) || r < 0 || r >= blockCount) {
      throw new Error(`row ${r} is not a block index (the model has ${blockCount} blocks: 0..${blockCount - 1})`);
    }
  }
  return [...new Set(rows)].sort((a, b) => a - b);
}

/** Block evaluations of variant i: blocks i+1..L-1. */
export function variantEvaluations(row: number, blockCount: number): number {
  return blockCount - 1 - row;
}

/** Block evaluations of the fast engine: the intact pass (L) plus every requested variant. */
export function countBlockEvaluations(rows: number[], blockCount: number): number {
  return rows.reduce((sum, r) => sum + variantEvaluations(r, blockCount), blockCount);
}
