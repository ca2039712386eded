'use client';

import type { CommentView } from '@/lib/review/comments.ts';

interface Geometry {
  /** The plot's offset and side in the heatmap's SVG, and one block's side at zoom 1. */
  plot: { x: number; y: number; size: number };
  cell: number;
  /** The heatmap's zoom and pan. */
  t: { k: number; x: number; y: number };
}

interface Props extends Geometry {
  comments: ReadonlyArray<CommentView>;
  /** The cell a shared link or an anchor badge points at, ringed. */
  focusCell?: { i: number; j: number } | null;
  /** Clicking a marker: show its comment. */
  onOpen: (commentId: string) => void;
}

/** Anchored comments drawn on the heatmap: a dot on a commented cell, a corner tab on a commented range. */
export function CommentMarkers({ comments, focusCell, plot, cell, t, onOpen }: Props) {
  const step = t.k * cell;
  const r = Math.max(4, Math.min(8, step / 3));
  return (
    <svg x={plot.x} y={plot.y} width={plot.size} height={plot.size} overflow="hidden">
      {focusCell ? <rect data-testid="focus-cell" x={t.x + focusCell.j * step} y={t.y + focusCell.i * step} width={step} height={step} fill="none" stroke="#f59e0b" strokeWidth={2} pointerEvents="none" /> : null}
      {comments.filter((c) => c.anchor).map((c) => {
        const a = c.anchor!;
        const [cx, cy] = a.kind === 'cell' ? [t.x + (a.j + 0.5) * step, t.y + (a.i + 0.5) * step] : [t.x + (a.b + 1) * step, t.y + a.a * step];
        return (
          <g key={c.id} role="button" tabIndex={0} data-testid="comment-marker" data-comment-id={c.id} style={{ cursor: 'pointer' }}
            onClick={() => onOpen(c.id)} onKeyDown={(e) => { if (e.key === 'Enter') onOpen(c.id); }}>
            <title>{`${c.author.name}: ${c.body.slice(0, 80)}`}</title>
            {a.kind === 'range' ? <rect x={t.x + a.a * step} y={t.y + a.a * step} width={(a.b - a.a + 1) * step} height={(a.b - a.a + 1) * step} fill="none" stroke="#b45309" strokeDasharray="4 3" pointerEvents="none" /> : null}
            <circle cx={cx} cy={cy} r={r} fill="#f59e0b" stroke="#fff" strokeWidth={1.5} />
          </g>
        );
      })}
    </svg>
  );
}

/** Scrolls to a comment and flashes it; the page's heatmap keeps its id to come back to. */
export function jumpToComment(commentId: string): void {
  const element = document.getElementById(`comment-${commentId}`);
  if (!element) return;
  element.scrollIntoView({ behavior: 'smooth', block: 'center' });
  element.animate?.([{ background: '#fef3c7' }, { background: 'transparent' }], { duration: 1500 });
}
