import type { ViewTransform } from './view-transform.ts';

/** An L x L canvas holding one pixel per cell; scaled up without smoothing when drawn. */
export function cellCanvas(pixels: Uint8ClampedArray<ArrayBuffer>, size: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  if (size > 0) canvas.getContext('2d')!.putImageData(new ImageData(pixels, size, size), 0, 0);
  return canvas;
}

/** Draws the cells into the plot canvas (CSS size `plotSize`) under the zoom transform. */
export function drawCells(target: HTMLCanvasElement, cells: HTMLCanvasElement, plotSize: number, t: ViewTransform, dpr: number): void {
  const pixels = Math.round(plotSize * dpr);
  if (target.width !== pixels) { target.width = pixels; target.height = pixels; }
  const ctx = target.getContext('2d')!;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, pixels, pixels);
  ctx.imageSmoothingEnabled = false;
  ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);
  ctx.drawImage(cells, 0, 0, plotSize, plotSize);
}
