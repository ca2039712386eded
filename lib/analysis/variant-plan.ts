/**
 * Which dropped-block variants run together. Variant i (block i dropped) starts from the intact
 * stream X_i and runs blocks i+1..L-1. A group holds consecutive requested rows; at block j its
 * active variants are the rows i < j, always a prefix of the group's sorted rows, so the variants
 * that meet at block j are stacked into one batch of at most `groupSize` variants.
 */
export interface VariantGroup {
  /** Dropped-block indices, ascending. */
  rows: number[];
  /** First block any member evaluates (rows[0] + 1). */
  firstBlock: number;
}

export function normalizeRows(rows: number[] | undefined, blockCount: number): number[] {
  if (rows === undefined) return Array.from({ length: blockCount }, (_, i) => i);
  for (const r of rows) {
    if (!Number.isInteger(r) || r < 0 || r >= blockCount) {
      throw new Error(`row ${r} is not a block index (the model has ${blockCount} blocks: 0..${blockCount - 1})`);
    }
  }
  return [...new Set(rows)].sort((a, b) => a - b);
}

export function planVariantGroups(rows: number[], groupSize: number): VariantGroup[] {
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new Error(`variant batch size must be >= 1, got ${groupSize}`);
  const groups: VariantGroup[] = [];
  for (let k = 0; k < rows.length; k += groupSize) {
    const members = rows.slice(k, k + groupSize);
    groups.push({ rows: members, firstBlock: members[0] + 1 });
  }
  return groups;
}

/** Number of group members active at block j (members i with i < j). */
export function activeCount(group: VariantGroup, block: number): number {
  let m = 0;
  while (m < group.rows.length && group.rows[m] < block) m++;
  return m;
}

/** Block evaluations of variant i: blocks i+1..L-1. */
export function variantEvaluations(row: number, blockCount: number): number {
  return blockCount - 1 - row;
}

/** Block evaluations of the fast engine: the intact pass (L) plus every requested variant. */
export function countBlockEvaluations(rows: number[], blockCount: number): number {
  return rows.reduce((sum, r) => sum + variantEvaluations(r, blockCount), blockCount);
}
