import type { ViewTransform } from './view-transform.ts';

/** Block indices to label along an axis: about one label per 28 px at the current zoom. */
export function visibleTicks(blockCount: number, cellSize: number, t: ViewTransform, offset: 'x' | 'y', plotSize: number): Array<{ index: number; at: number }> {
  const step = t.k * cellSize;
  const every = [1, 2, 4, 5, 8, 10, 16, 20, 32, 50, 64, 100].find((n) => n * step >= 28) ?? 128;
  const shift = offset === 'x' ? t.x : t.y;
  const ticks: Array<{ index: number; at: number }> = [];
  for (let index = 0; index < blockCount; index += every) {
    const at = shift + (index + 0.5) * step;
    if (at >= -step && at <= plotSize + step) ticks.push({ index, at });
  }
  return ticks;
}
