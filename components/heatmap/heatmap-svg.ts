import { blockKind, KIND_COLORS, type BlockShape } from './block-kinds.ts';
import type { ColorScale } from './color-scale.ts';
import { formatTick } from './format-value.ts';
import type { Matrix } from './matrix-domain.ts';
import type { BlockRange } from './range-validation.ts';

export interface HeatmapSvgInput {
  matrix: Matrix;
  scale: ColorScale;
  blocks: ReadonlyArray<BlockShape>;
  ranges: ReadonlyArray<BlockRange>;
  title?: string;
  cell?: number;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));

function tickStep(size: number): number {
  return size <= 16 ? 1 : size <= 48 ? 4 : size <= 128 ? 8 : 16;
}

/** A standalone SVG of the heatmap (cells, kind strips, axes, legend, selected ranges) for export. */
export function heatmapSvg({ matrix, scale, blocks, ranges, title, cell = 6 }: HeatmapSvgInput): string {
  const size = matrix.length;
  const plot = size * cell;
  const ox = 48; const oy = 48 + (title ? 20 : 0);
  const width = ox + plot + 90; const height = oy + plot + 16;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`, `<rect width="${width}" height="${height}" fill="#0f1419"/>`];
  if (title) parts.push(`<text x="${ox}" y="16" fill="#e6e9ec" font-size="13">${escape(title)}</text>`);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) {
    const v = matrix[i]![j];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    parts.push(`<rect x="${ox + j * cell}" y="${oy + i * cell}" width="${cell}" height="${cell}" fill="${scale.color(v)}"/>`);
  }
  blocks.forEach((b, k) => {
    const fill = KIND_COLORS[blockKind(b)];
    parts.push(`<rect x="${ox + k * cell}" y="${oy - 10}" width="${cell}" height="7" fill="${fill}"/>`, `<rect x="${ox - 10}" y="${oy + k * cell}" width="7" height="${cell}" fill="${fill}"/>`);
  });
  for (let k = 0; k < size; k += tickStep(size)) {
    parts.push(`<text x="${ox + (k + 0.5) * cell}" y="${oy - 14}" fill="#8b96a3" text-anchor="middle">${k}</text>`, `<text x="${ox - 14}" y="${oy + (k + 0.5) * cell + 3}" fill="#8b96a3" text-anchor="end">${k}</text>`);
  }
  for (const [a, b] of ranges) parts.push(`<rect x="${ox + a * cell}" y="${oy + a * cell}" width="${(b - a + 1) * cell}" height="${(b - a + 1) * cell}" fill="none" stroke="#fff" stroke-width="2"/>`);
  parts.push(legendSvg(scale, ox + plot + 16, oy, plot));
  parts.push('</svg>');
  return parts.join('');
}

function legendSvg(scale: ColorScale, x: number, y: number, height: number): string {
  const stops = Array.from({ length: 11 }, (_, k) => `<stop offset="${k * 10}%" stop-color="${scale.interpolate(1 - k / 10)}"/>`).join('');
  const ticks = scale.ticks(6).map((t) => {
    const ty = y + (1 - scale.position(t)) * height;
    return `<line x1="${x + 14}" x2="${x + 18}" y1="${ty}" y2="${ty}" stroke="#8b96a3"/><text x="${x + 20}" y="${ty + 3}" fill="#8b96a3">${formatTick(t)}</text>`;
  }).join('');
  return `<defs><linearGradient id="legend" x1="0" x2="0" y1="0" y2="1">${stops}</linearGradient></defs><rect x="${x}" y="${y}" width="14" height="${height}" fill="url(#legend)"/>${ticks}`;
}
