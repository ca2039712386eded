'use client';

import { useState, type FormEvent } from 'react';
import type { Anchor } from '@/lib/review/anchor.ts';

type AnchorKind = 'none' | 'cell' | 'range';

interface Props {
  onSubmit: (body: { body: string; parentId?: string; anchor?: Anchor }) => Promise<unknown>;
  parentId?: string;
  /** Prefills the anchor, e.g. with the range selected on the heatmap. */
  initialAnchor?: Anchor | null;
  submitLabel?: string;
}

function anchorFrom(kind: AnchorKind, x: string, y: string): Anchor | undefined {
  if (kind === 'none') return undefined;
  const [p, q] = [Number(x), Number(y)];
  return kind === 'cell' ? { kind, i: p, j: q } : { kind, a: p, b: q };
}

function initialPair(anchor: Anchor | null | undefined): [string, string] {
  if (!anchor) return ['', ''];
  return anchor.kind === 'cell' ? [String(anchor.i), String(anchor.j)] : [String(anchor.a), String(anchor.b)];
}

/** Markdown body, optionally anchored to a heatmap cell (i, j) or a block range [a, b]. */
export function CommentForm({ onSubmit, parentId, initialAnchor, submitLabel = 'Comment' }: Props) {
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<AnchorKind>(initialAnchor?.kind ?? 'none');
  const [[x, y], setPair] = useState(initialPair(initialAnchor));
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await onSubmit({ body, parentId, anchor: parentId ? undefined : anchorFrom(kind, x, y) });
      setBody('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} style={{ display: 'grid', gap: 8 }} data-testid={parentId ? 'reply-form' : 'comment-form'}>
      <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={3} required aria-label={parentId ? 'reply' : 'comment'} placeholder="Markdown: **bold**, `code`, [links](https://…)" />
      {parentId ? null : (
        <div className="toolbar">
          <label>On
            <select value={kind} onChange={(e) => setKind(e.target.value as AnchorKind)} aria-label="anchor">
              <option value="none">the whole run</option>
              <option value="range">a block range</option>
              <option value="cell">a heatmap cell</option>
            </select>
          </label>
          {kind === 'none' ? null : (
            <>
              <input type="number" min={0} value={x} onChange={(e) => setPair([e.target.value, y])} aria-label={kind === 'cell' ? 'row i' : 'first block'} required style={{ width: 70 }} />
              <input type="number" min={0} value={y} onChange={(e) => setPair([x, e.target.value])} aria-label={kind === 'cell' ? 'column j' : 'last block'} required style={{ width: 70 }} />
            </>
          )}
        </div>
      )}
      {error ? <p className="error" role="alert">{error}</p> : null}
      <div><button type="submit">{submitLabel}</button></div>
    </form>
  );
}
