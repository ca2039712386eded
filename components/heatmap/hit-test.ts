import type { ViewTransform } from './view-transform.ts';

export interface Cell {
  i: number;
  j: number;
}

/** The cell under a point of the plot (plot pixels, before zoom); null outside the matrix. */
export function cellAt(px: number, py: number, t: ViewTransform, cellSize: number, blockCount: number): Cell | null {
  const j = Math.floor((px - t.x) / (t.k * cellSize));
  const i = Math.floor((py - t.y) / (t.k * cellSize));
  if (i < 0 || j < 0 || i >= blockCount || j >= blockCount) return null;
  return { i, j };
}

/** The block nearest a point projected onto the diagonal: what a drag along the diagonal means. */
export function diagonalBlockAt(px: number, py: number, t: ViewTransform, cellSize: number, blockCount: number): number {
  const along = ((px - t.x) + (py - t.y)) / 2 / (t.k * cellSize);
  return Math.min(blockCount - 1, Math.max(0, Math.floor(along)));
}

/** Screen rectangle of the inclusive block range [a, b] as a box on the diagonal. */
export function rangeBox(a: number, b: number, t: ViewTransform, cellSize: number) {
  const step = t.k * cellSize;
  return { x: t.x + a * step, y: t.y + a * step, size: (b - a + 1) * step };
}
