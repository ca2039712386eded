'use client';

import { max } from 'd3';
import { memo } from 'react';
import type { BlockShape } from '../heatmap/block-kinds.ts';
import { formatValue } from '../heatmap/format-value.ts';

interface Props {
  title: string;
  description: string;
  values: ReadonlyArray<number | null>;
  blocks: ReadonlyArray<BlockShape>;
  active: number | null;
  onHover: (block: number | null) => void;
}

const WIDTH = 320;
const HEIGHT = 110;
const PAD = { left: 4, right: 4, top: 6, bottom: 14 };
const PLOT_HEIGHT = HEIGHT - PAD.top - PAD.bottom;

const barWidth = (count: number) => (WIDTH - PAD.left - PAD.right) / Math.max(1, count);

/** The bars change only with the data; hovering moves one highlight rect over them. */
const Bars = memo(function Bars({ values, blocks, top, onHover }: { values: ReadonlyArray<number | null>; blocks: ReadonlyArray<BlockShape>; top: number; onHover: (b: number | null) => void }) {
  const w = barWidth(values.length);
  return (
    <>
      {values.map((v, k) => {
        const bh = v === null ? 0 : (v / top) * PLOT_HEIGHT;
        return (
          <g key={k} onPointerEnter={() => onHover(k)}>
            <rect x={PAD.left + k * w} y={PAD.top} width={w} height={PLOT_HEIGHT} fill="transparent" />
            <rect className={blocks[k]?.attention ? 'bar attention' : 'bar'} x={PAD.left + k * w + w * 0.1} y={PAD.top + PLOT_HEIGHT - bh} width={Math.max(1, w * 0.8)} height={bh} />
          </g>
        );
      })}
    </>
  );
});

/** One per-block metric as bars; the block under the pointer (here or on the heatmap) is highlighted. */
export function BlockMetricChart({ title, description, values, blocks, active, onHover }: Props) {
  const top = max(values, (v) => v ?? undefined) ?? 0;
  const count = values.length;
  const w = barWidth(count);
  const activeValue = active !== null ? values[active] : null;
  return (
    <figure className="panel chart" style={{ margin: 0 }} data-testid={`chart-${title}`}>
      <figcaption className="row" style={{ justifyContent: 'space-between' }}>
        <span title={description}>{title}</span>
        <span className="muted">{active !== null ? `block ${active}: ${formatValue(activeValue)}` : `max ${formatValue(top)}`}</span>
      </figcaption>
      {top > 0 ? (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={`${title} per block`} onPointerLeave={() => onHover(null)}>
          <Bars values={values} blocks={blocks} top={top} onHover={onHover} />
          {active !== null && activeValue !== null && activeValue !== undefined ? (
            <rect className="bar active" pointerEvents="none" x={PAD.left + active * w + w * 0.1} width={Math.max(1, w * 0.8)}
              y={PAD.top + PLOT_HEIGHT - (activeValue / top) * PLOT_HEIGHT} height={(activeValue / top) * PLOT_HEIGHT} />
          ) : null}
          {active !== null ? <rect x={PAD.left + active * w} y={PAD.top} width={w} height={PLOT_HEIGHT} fill="rgba(210,153,34,.12)" pointerEvents="none" /> : null}
          <text x={PAD.left} y={HEIGHT - 2} fontSize={9} fill="var(--muted)">0</text>
          <text x={WIDTH - PAD.right} y={HEIGHT - 2} fontSize={9} fill="var(--muted)" textAnchor="end">{count - 1}</text>
        </svg>
      ) : <div className="muted" style={{ height: HEIGHT / 2 }}>Not computed yet.</div>}
    </figure>
  );
}
