/** Zoom and pan of the plot, in plot pixels: screen = offset + k * plot. */
export interface ViewTransform {
  k: number;
  x: number;
  y: number;
}

export const IDENTITY: ViewTransform = { k: 1, x: 0, y: 0 };

/** Keeps the zoomed plot covering the viewport (no empty margins when panning). */
export function clampTransform(t: ViewTransform, size: number, maxZoom = 32): ViewTransform {
  const k = Math.min(maxZoom, Math.max(1, t.k));
  const min = size - size * k;
  return { k, x: Math.min(0, Math.max(min, t.x)), y: Math.min(0, Math.max(min, t.y)) };
}

/** Zoom by `factor` around a plot point, keeping that point still. */
export function zoomAround(t: ViewTransform, factor: number, px: number, py: number, size: number): ViewTransform {
  const k = Math.min(32, Math.max(1, t.k * factor));
  const ratio = k / t.k;
  return clampTransform({ k, x: px - (px - t.x) * ratio, y: py - (py - t.y) * ratio }, size);
}
