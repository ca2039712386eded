import type { Matrix } from './matrix-domain.ts';

/** Rows = dropped block i, columns = measured block j, empty where undefined. */
export function matrixToCsv(matrix: Matrix): string {
  const size = matrix.length;
  const header = ['dropped\\measured', ...Array.from({ length: size }, (_, j) => String(j))].join(',');
  const rows = Array.from({ length: size }, (_, i) => {
    const row = matrix[i]!;
    const cells = Array.from({ length: size }, (_, j) => { const v = row[j]; return v === null || v === undefined ? '' : String(v); });
    return [String(i), ...cells].join(',');
  });
  return [header, ...rows].join('\n') + '\n';
}

export function matrixToJson(matrix: Matrix, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...extra, rows: 'dropped block i', columns: 'measured block j', matrix: Array.from(matrix, (r) => Array.from(r)) }, null, 1);
}
