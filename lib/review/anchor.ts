import { z } from 'zod';
import { badRequest } from '../server/http-error.ts';

/** A heatmap cell (row i = dropped block, column j = measured block) or an inclusive block range. */
export type Anchor = { kind: 'cell'; i: number; j: number } | { kind: 'range'; a: number; b: number };

const index = z.number().int().min(0).max(100_000);

export const anchorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cell'), i: index, j: index }),
  z.object({ kind: z.literal('range'), a: index, b: index }),
]);

export function checkAnchor(anchor: Anchor): Anchor {
  if (anchor.kind === 'range' && anchor.b < anchor.a) throw badRequest(`range [${anchor.a}, ${anchor.b}] is empty`);
  return anchor;
}

export function anchorColumns(anchor: Anchor | undefined | null): { anchorKind: string | null; anchorA: number | null; anchorB: number | null } {
  if (!anchor) return { anchorKind: null, anchorA: null, anchorB: null };
  return anchor.kind === 'cell' ? { anchorKind: 'cell', anchorA: anchor.i, anchorB: anchor.j } : { anchorKind: 'range', anchorA: anchor.a, anchorB: anchor.b };
}

export function anchorFromColumns(kind: string | null, a: number | null, b: number | null): Anchor | null {
  if (kind === 'cell' && a !== null && b !== null) return { kind: 'cell', i: a, j: b };
  if (kind === 'range' && a !== null && b !== null) return { kind: 'range', a, b };
  return null;
}

/** The query string that restores a view focused on the anchor: ?cell=i,j or ?range=a-b. */
export function anchorQuery(anchor: Anchor): string {
  return anchor.kind === 'cell' ? `cell=${anchor.i},${anchor.j}` : `range=${anchor.a}-${anchor.b}`;
}

export function describeAnchor(anchor: Anchor): string {
  return anchor.kind === 'cell' ? `cell (${anchor.i}, ${anchor.j})` : `blocks ${anchor.a}–${anchor.b}`;
}
