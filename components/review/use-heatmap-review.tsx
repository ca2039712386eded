'use client';

import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Anchor } from '@/lib/review/anchor.ts';
import type { RunKind } from '@/lib/review/run-ref.ts';
import { CommentMarkers, jumpToComment } from './comment-markers.tsx';
import { useRunComments } from './use-run-review.ts';
import { useViewLink } from './use-view-link.ts';

type Range = [number, number];

export interface HeatmapGeometry {
  plot: { x: number; y: number; size: number };
  cell: number;
  t: { k: number; x: number; y: number };
}

/**
 * What a run page with a heatmap needs for review: the ranges and cell of a shared link
 * (applied once), comment markers to draw over the heatmap (a click jumps to the comment),
 * and showAnchor for a comment's anchor badge (jumps back to the heatmap, showing it).
 */
export function useHeatmapReview(kind: RunKind, id: string, blockCount: number, ranges: ReadonlyArray<Range>, setRanges: (r: Range[]) => void) {
  const view = useViewLink(blockCount);
  const comments = useRunComments(kind, id);
  const [focusCell, setFocusCell] = useState(view.cell);
  const applied = useRef(false);
  useEffect(() => {
    if (applied.current || !view.ranges.length) return;
    applied.current = true;
    setRanges(view.ranges);
  }, [view.ranges, setRanges]);

  const showAnchor = useCallback((anchor: Anchor) => {
    if (anchor.kind === 'cell') setFocusCell({ i: anchor.i, j: anchor.j });
    else if (!ranges.some(([a, b]) => a === anchor.a && b === anchor.b)) setRanges([...ranges, [anchor.a, anchor.b] as Range].sort((p, q) => p[0] - q[0]));
    document.querySelector('[data-testid="heatmap"]')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [ranges, setRanges]);

  const overlay = useCallback((g: HeatmapGeometry): ReactNode => (
    <CommentMarkers comments={comments.data ?? []} focusCell={focusCell} {...g} onOpen={jumpToComment} />
  ), [comments.data, focusCell]);

  const last = ranges.at(-1);
  const selection: Anchor | null = last ? { kind: 'range', a: last[0], b: last[1] } : focusCell ? { kind: 'cell', ...focusCell } : null;
  return { overlay, showAnchor, selection, view: { ranges: [...ranges], cell: focusCell } };
}
