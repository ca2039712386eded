import { memo } from 'react';
import { visibleTicks } from './axis-ticks.ts';
import type { HeatmapLayout } from './heatmap-layout.ts';
import type { ViewTransform } from './view-transform.ts';

/** Block indices along the top (measured block j) and the left (dropped block i). */
export const HeatmapAxes = memo(function HeatmapAxes({ blockCount, layout, t }: { blockCount: number; layout: HeatmapLayout; t: ViewTransform }) {
  const { plot, strip } = layout;
  const top = visibleTicks(blockCount, layout.cell, t, 'x', plot.size);
  const left = visibleTicks(blockCount, layout.cell, t, 'y', plot.size);
  return (
    <g fontSize={10} fill="var(--muted)">
      <text x={plot.x + plot.size / 2} y={10} textAnchor="middle">measured block j</text>
      <text transform={`translate(10,${plot.y + plot.size / 2}) rotate(-90)`} textAnchor="middle">dropped block i</text>
      <svg x={plot.x} y={0} width={plot.size} height={plot.y - strip - 2} overflow="hidden">
        {top.map((tick) => <text key={tick.index} x={tick.at} y={plot.y - strip - 6} textAnchor="middle">{tick.index}</text>)}
      </svg>
      <svg x={0} y={plot.y} width={plot.x - strip - 2} height={plot.size} overflow="hidden">
        {left.map((tick) => <text key={tick.index} x={plot.x - strip - 6} y={tick.at + 3} textAnchor="end">{tick.index}</text>)}
      </svg>
    </g>
  );
});
