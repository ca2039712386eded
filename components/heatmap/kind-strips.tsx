import { memo } from 'react';
import { blockKind, KIND_COLORS, type BlockShape } from './block-kinds.ts';
import type { HeatmapLayout } from './heatmap-layout.ts';
import type { ViewTransform } from './view-transform.ts';

interface Props {
  blocks: ReadonlyArray<BlockShape>;
  attentionFreeRuns: ReadonlyArray<[number, number]>;
  layout: HeatmapLayout;
  t: ViewTransform;
}

/** Block kinds along both axes; attention-free runs underlined so they read as one region. */
export const KindStrips = memo(function KindStrips({ blocks, attentionFreeRuns, layout, t }: Props) {
  const { plot, cell, strip } = layout;
  const cells = blocks.map((b) => <rect key={b.index} x={b.index * cell} width={cell} height={strip - 3} fill={KIND_COLORS[blockKind(b)]} />);
  const runs = attentionFreeRuns.map(([a, b]) => <rect key={a} x={a * cell} y={strip - 2} width={(b - a + 1) * cell} height={2} fill="var(--text)" />);
  return (
    <>
      <svg x={plot.x} y={plot.y - strip - 2} width={plot.size} height={strip} overflow="hidden">
        <g transform={`translate(${t.x},0) scale(${t.k},1)`}>{cells}{runs}</g>
      </svg>
      <svg x={plot.x - strip - 2} y={plot.y} width={strip} height={plot.size} overflow="hidden">
        <g transform={`translate(${strip},${t.y}) rotate(90) scale(${t.k},1)`}>{cells}{runs}</g>
      </svg>
    </>
  );
});
