import type { HeatmapLayout } from './heatmap-layout.ts';
import { rangeBox, type Cell } from './hit-test.ts';
import type { BlockRange } from './range-validation.ts';
import type { ViewTransform } from './view-transform.ts';

interface Props {
  layout: HeatmapLayout;
  t: ViewTransform;
  ranges: ReadonlyArray<BlockRange>;
  preview: BlockRange | null;
  hover: Cell | null;
  highlight: number | null;
}

/** Selected ranges as boxes on the diagonal, the drag preview, the hover crosshair and the linked block. */
export function HeatmapOverlay({ layout, t, ranges, preview, hover, highlight }: Props) {
  const { plot, cell } = layout;
  const step = t.k * cell;
  const box = ([a, b]: BlockRange, className: string, key: string | number) => {
    const r = rangeBox(a, b, t, cell);
    return <rect key={key} className={className} x={r.x} y={r.y} width={r.size} height={r.size} />;
  };
  return (
    <svg x={plot.x} y={plot.y} width={plot.size} height={plot.size} overflow="hidden" pointerEvents="none">
      {highlight !== null ? (
        <g className="heatmap-linked">
          <rect x={0} y={t.y + highlight * step} width={plot.size} height={step} />
          <rect x={t.x + highlight * step} y={0} width={step} height={plot.size} />
        </g>
      ) : null}
      {hover ? (
        <g className="heatmap-crosshair">
          <rect x={0} y={t.y + hover.i * step} width={plot.size} height={step} />
          <rect x={t.x + hover.j * step} y={0} width={step} height={plot.size} />
        </g>
      ) : null}
      {ranges.map((r, k) => box(r, 'heatmap-range', k))}
      {preview ? box(preview, 'heatmap-range preview', 'preview') : null}
    </svg>
  );
}
