/** What a shareable link to a run's page restores: selected block ranges and a focused cell. */
export interface ViewLink {
  ranges: Array<[number, number]>;
  cell: { i: number; j: number } | null;
}

const RANGE = /^(\d+)-(\d+)$/;
const CELL = /^(\d+),(\d+)$/;

/**
 * Reads `?range=6-14` (several: `?range=2-4,6-14` or repeated), `?cell=3,7` from a query
 * string; malformed, empty or out-of-matrix parts are ignored.
 */
export function parseViewLink(search: string | URLSearchParams, blockCount = Number.MAX_SAFE_INTEGER): ViewLink {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const ranges: Array<[number, number]> = [];
  for (const part of params.getAll('range').flatMap((v) => v.split(','))) {
    const m = RANGE.exec(part.trim());
    const [a, b] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (m && a < b && b < blockCount && !ranges.some(([p, q]) => p === a && q === b)) ranges.push([a, b]);
  }
  const c = CELL.exec(params.get('cell')?.trim() ?? '');
  const cell = c && Number(c[1]) < blockCount && Number(c[2]) < blockCount ? { i: Number(c[1]), j: Number(c[2]) } : null;
  return { ranges: ranges.sort((p, q) => p[0] - q[0]), cell };
}

/** The query string for a view: `range=2-4,6-14&cell=3,7` (empty for the plain view). */
export function formatViewLink(view: Partial<ViewLink>): string {
  const params: string[] = [];
  if (view.ranges?.length) params.push(`range=${view.ranges.map(([a, b]) => `${a}-${b}`).join(',')}`);
  if (view.cell) params.push(`cell=${view.cell.i},${view.cell.j}`);
  return params.join('&');
}
