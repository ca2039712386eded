import type { ColorScale } from './color-scale.ts';
import type { Matrix } from './matrix-domain.ts';

/** Alpha of an entry that will be defined once its row is computed: a faint placeholder. */
const PENDING_ALPHA = 28;

/**
 * One RGBA pixel per cell (row i = dropped block, column j = measured block). Undefined
 * entries (j <= i) stay transparent; defined entries of rows not computed yet are faint grey.
 */
export function cellPixels(matrix: Matrix, scale: ColorScale, computedRows: ReadonlySet<number> | null): Uint8ClampedArray<ArrayBuffer> {
  const size = matrix.length;
  const pixels = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size; i++) {
    const row = matrix[i]!;
    const pending = computedRows !== null && !computedRows.has(i);
    for (let j = 0; j < size; j++) {
      const o = (i * size + j) * 4;
      const v = row[j];
      if (v === null || v === undefined || !Number.isFinite(v)) {
        if (pending && j > i) { pixels[o] = pixels[o + 1] = pixels[o + 2] = 160; pixels[o + 3] = PENDING_ALPHA; }
        continue;
      }
      const k = Math.round(scale.position(v) * 255) * 3;
      pixels[o] = scale.lut[k]!; pixels[o + 1] = scale.lut[k + 1]!; pixels[o + 2] = scale.lut[k + 2]!; pixels[o + 3] = 255;
    }
  }
  return pixels;
}
