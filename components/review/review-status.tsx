'use client';

import { useState } from 'react';
import type { ReviewView } from '@/lib/review/reviews.ts';
import type { UserView } from '@/lib/auth/users.ts';
import { useQuery } from '@tanstack/react-query';
import { getJson } from '../auth/api.ts';
import { useCurrentUser } from '../auth/use-current-user.ts';

const LABEL: Record<string, string> = { open: 'open', approved: 'approved', changes_requested: 'changes requested' };

interface Props {
  review: ReviewView;
  onReview: (state: string, comment?: string) => Promise<unknown>;
  onAskReviewer: (reviewerId: string) => Promise<unknown>;
}

/** The review state, and for a member who is not the author: approve, request changes, reopen, ask someone. */
export function ReviewStatus({ review, onReview, onAskReviewer }: Props) {
  const { data: me } = useCurrentUser();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const canReview = me && me.role !== 'viewer' && me.id !== review.authorId;
  const act = (action: () => Promise<unknown>) => {
    setError(null);
    action().then(() => setNote(''), (e: Error) => setError(e.message));
  };
  return (
    <div className="panel" data-testid="review-status">
      <p>Review: <span className={`badge review-${review.state}`} data-testid="review-state">{LABEL[review.state] ?? review.state}</span>
        {review.decisions.length ? <span className="muted"> · last by {review.decisions.at(-1)!.reviewer.name}</span> : null}
      </p>
      {review.requested.length ? <p className="muted">Asked to review: {review.requested.map((r) => r.reviewer.name).join(', ')}</p> : null}
      {canReview ? (
        <>
          <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} aria-label="review comment" placeholder="Review comment (required to request changes)" />
          <div className="toolbar">
            <button type="button" onClick={() => act(() => onReview('approved', note || undefined))}>Approve</button>
            <button type="button" className="secondary" onClick={() => act(() => onReview('changes_requested', note))}>Request changes</button>
            {review.state !== 'open' ? <button type="button" className="secondary" onClick={() => act(() => onReview('open', note || undefined))}>Reopen</button> : null}
          </div>
        </>
      ) : <p className="muted">{me?.id === review.authorId ? 'You created this run: another member reviews it.' : 'Members review runs; you can comment.'}</p>}
      {me && me.role !== 'viewer' ? <AskReviewer authorId={review.authorId} onAsk={(id) => act(() => onAskReviewer(id))} /> : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
    </div>
  );
}

function AskReviewer({ authorId, onAsk }: { authorId: string | null; onAsk: (id: string) => void }) {
  const users = useQuery({ queryKey: ['users'], queryFn: () => getJson<{ users: UserView[] }>('/api/users') });
  const candidates = (users.data?.users ?? []).filter((u) => u.role !== 'viewer' && !u.disabled && u.id !== authorId);
  if (!candidates.length) return null;
  return (
    <label className="toolbar">Ask to review
      <select defaultValue="" onChange={(e) => { if (e.target.value) onAsk(e.target.value); e.target.value = ''; }} aria-label="ask to review">
        <option value="">choose…</option>
        {candidates.map((u) => <option key={u.id} value={u.id}>{u.name} ({u.email})</option>)}
      </select>
    </label>
  );
}
