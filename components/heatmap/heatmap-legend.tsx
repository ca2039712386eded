import { memo } from 'react';
import type { ColorScale } from './color-scale.ts';
import { formatTick } from './format-value.ts';

export const HeatmapLegend = memo(function HeatmapLegend({ scale, x, y, width, height }: { scale: ColorScale; x: number; y: number; width: number; height: number }) {
  const id = `legend-${scale.kind}`;
  const stops = Array.from({ length: 11 }, (_, k) => <stop key={k} offset={`${k * 10}%`} stopColor={scale.interpolate(1 - k / 10)} />);
  return (
    <g aria-label="colour legend">
      <defs><linearGradient id={id} x1="0" x2="0" y1="0" y2="1">{stops}</linearGradient></defs>
      <rect x={x} y={y} width={width} height={height} fill={`url(#${id})`} />
      {scale.ticks(6).map((t) => {
        const ty = y + (1 - scale.position(t)) * height;
        return (
          <g key={t}>
            <line x1={x + width} x2={x + width + 4} y1={ty} y2={ty} stroke="var(--muted)" />
            <text x={x + width + 6} y={ty + 3} fill="var(--muted)" fontSize={10}>{formatTick(t)}</text>
          </g>
        );
      })}
    </g>
  );
});
