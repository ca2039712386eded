'use client';

import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import type { BlockShape } from './block-kinds.ts';
import { cellPixels } from './cell-image.ts';
import type { ColorScale } from './color-scale.ts';
import { cellCanvas, drawCells } from './draw-cells.ts';
import { HeatmapAxes } from './heatmap-axes.tsx';
import { heatmapLayout } from './heatmap-layout.ts';
import { HeatmapLegend } from './heatmap-legend.tsx';
import { HeatmapOverlay } from './heatmap-overlay.tsx';
import { HeatmapTooltip } from './heatmap-tooltip.tsx';
import { cellAt, diagonalBlockAt, type Cell } from './hit-test.ts';
import { KindStrips } from './kind-strips.tsx';
import type { Matrix } from './matrix-domain.ts';
import type { BlockRange } from './range-validation.ts';
import { keyboardAction } from './keyboard-action.ts';
import { clampTransform, IDENTITY, zoomAround, type ViewTransform } from './view-transform.ts';

export interface HeatmapViewProps {
  matrix: Matrix;
  blocks: ReadonlyArray<BlockShape>;
  attentionFreeRuns: ReadonlyArray<[number, number]>;
  /** Rows computed so far; null when the matrix is complete (or a difference). */
  computedRows?: ReadonlyArray<number> | null;
  /** Null until some value is defined. */
  scale: ColorScale | null;
  label: string;
  ranges?: ReadonlyArray<BlockRange>;
  onSelectRange?: (range: BlockRange) => void;
  highlight?: number | null;
  onHoverBlock?: (block: number | null) => void;
  testId?: string;
  maxHeight?: number;
  /** Extra SVG drawn over the cells (and above the pointer layer), e.g. comment markers. */
  overlay?: (geometry: HeatmapGeometry) => ReactNode;
}

export interface HeatmapGeometry {
  plot: { x: number; y: number; size: number };
  cell: number;
  t: ViewTransform;
}

const NO_RANGES: ReadonlyArray<BlockRange> = [];

type Drag = { kind: 'select'; from: number; to: number } | { kind: 'pan'; x: number; y: number; t: ViewTransform };

export const HeatmapView = memo(function HeatmapView(props: HeatmapViewProps) {
  const { matrix, blocks, scale, ranges = NO_RANGES, onSelectRange, highlight = null, onHoverBlock } = props;
  const started = useRef(performance.now());
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(0);
  const [t, setT] = useState<ViewTransform>(IDENTITY);
  const [hover, setHover] = useState<Cell | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const size = matrix.length;
  const layout = useMemo(() => heatmapLayout(width || 640, size, props.maxHeight), [width, size, props.maxHeight]);
  const computed = useMemo(() => (props.computedRows ? new Set(props.computedRows) : null), [props.computedRows]);
  const image = useMemo(() => (scale && typeof document !== 'undefined' ? cellCanvas(cellPixels(matrix, scale, computed), size) : null), [matrix, scale, computed, size]);

  useLayoutEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (!canvas.current || !image || !width) return;
    drawCells(canvas.current, image, layout.plot.size, t, window.devicePixelRatio || 1);
    if (wrapper.current && !wrapper.current.dataset.firstRenderMs) wrapper.current.dataset.firstRenderMs = (performance.now() - started.current).toFixed(1);
  }, [image, layout, t, width]);

  useEffect(() => {
    const svg = overlay.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      const p = plotPoint(svg, layout, event.clientX, event.clientY);
      if (p.x < 0 || p.y < 0 || p.x > layout.plot.size || p.y > layout.plot.size) return;
      event.preventDefault();
      setT((current) => zoomAround(current, event.deltaY < 0 ? 1.25 : 0.8, p.x, p.y, layout.plot.size));
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [layout]);

  const hoverCell = (cell: Cell | null) => {
    setHover(cell);
    onHoverBlock?.(cell ? cell.i : null);
  };

  const onPointerDown = (event: PointerEvent<SVGRectElement>) => {
    const p = plotPoint(overlay.current!, layout, event.clientX, event.clientY);
    event.currentTarget.setPointerCapture(event.pointerId);
    if (event.shiftKey || !onSelectRange) setDrag({ kind: 'pan', x: p.x, y: p.y, t });
    else { const b = diagonalBlockAt(p.x, p.y, t, layout.cell, size); setDrag({ kind: 'select', from: b, to: b }); }
  };

  const onPointerMove = (event: PointerEvent<SVGRectElement>) => {
    const p = plotPoint(overlay.current!, layout, event.clientX, event.clientY);
    if (drag?.kind === 'pan') setT(clampTransform({ ...drag.t, x: drag.t.x + p.x - drag.x, y: drag.t.y + p.y - drag.y }, layout.plot.size));
    if (drag?.kind === 'select') setDrag({ ...drag, to: diagonalBlockAt(p.x, p.y, t, layout.cell, size) });
    hoverCell(cellAt(p.x, p.y, t, layout.cell, size));
  };

  const onPointerUp = () => {
    if (drag?.kind === 'select' && drag.to !== drag.from) onSelectRange?.([Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)]);
    setDrag(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const action = keyboardAction(event.key, hover, size);
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'move') hoverCell(action.cell);
    if (action.kind === 'zoom') setT((c) => (action.factor === 0 ? IDENTITY : zoomAround(c, action.factor, layout.plot.size / 2, layout.plot.size / 2, layout.plot.size)));
    if (action.kind === 'mark' && hover && onSelectRange) {
      if (anchor === null) setAnchor(hover.j);
      else { if (anchor !== hover.j) onSelectRange([Math.min(anchor, hover.j), Math.max(anchor, hover.j)]); setAnchor(null); }
    }
  };

  const preview: BlockRange | null = drag?.kind === 'select' ? [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)] : anchor !== null && hover ? [Math.min(anchor, hover.j), Math.max(anchor, hover.j)] : null;
  const value = hover ? matrix[hover.i]?.[hover.j] : null;
  const step = t.k * layout.cell;

  return (
    <div ref={wrapper} className="heatmap" data-testid={props.testId ?? 'heatmap'} data-rows={props.computedRows?.length ?? size} tabIndex={0} role="application"
      aria-label={`${props.label}: arrow keys move the cursor, Enter marks the ends of a range, + and - zoom, 0 resets`} onKeyDown={onKeyDown} onBlur={() => setAnchor(null)}>
      {!scale ? <div className="heatmap-empty muted">No values yet: the heatmap fills in as rows are computed.</div> : null}
      <div className="heatmap-stage" style={{ width: layout.width, height: layout.height }}>
        <canvas ref={canvas} style={{ position: 'absolute', left: layout.plot.x, top: layout.plot.y, width: layout.plot.size, height: layout.plot.size }} />
        <svg ref={overlay} width={layout.width} height={layout.height} style={{ position: 'absolute', left: 0, top: 0 }}>
          <rect x={layout.plot.x - 0.5} y={layout.plot.y - 0.5} width={layout.plot.size + 1} height={layout.plot.size + 1} fill="none" stroke="var(--line)" />
          <KindStrips blocks={blocks} attentionFreeRuns={props.attentionFreeRuns} layout={layout} t={t} />
          <HeatmapAxes blockCount={size} layout={layout} t={t} />
          {scale ? <HeatmapLegend scale={scale} {...layout.legend} /> : null}
          <HeatmapOverlay layout={layout} t={t} ranges={ranges} preview={preview} hover={hover} highlight={highlight} />
          <rect className="heatmap-hit" x={layout.plot.x} y={layout.plot.y} width={layout.plot.size} height={layout.plot.size} fill="transparent"
            onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerLeave={() => { if (!drag) hoverCell(null); }} />
          {props.overlay?.({ plot: layout.plot, cell: layout.cell, t })}
        </svg>
        {hover ? <HeatmapTooltip cell={hover} value={value} blocks={blocks} left={Math.min(layout.plot.x + t.x + (hover.j + 1) * step + 12, layout.width - 220)} top={layout.plot.y + t.y + (hover.i + 1) * step + 8} /> : null}
      </div>
    </div>
  );
});

function plotPoint(svg: SVGSVGElement, layout: ReturnType<typeof heatmapLayout>, clientX: number, clientY: number) {
  const box = svg.getBoundingClientRect();
  return { x: clientX - box.left - layout.plot.x, y: clientY - box.top - layout.plot.y };
}
