'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CommentView } from '@/lib/review/comments.ts';
import type { ReviewView } from '@/lib/review/reviews.ts';
import type { RunEvent } from '@/lib/review/run-history.ts';
import type { RunKind } from '@/lib/review/run-ref.ts';
import { getJson, sendJson } from '../auth/api.ts';

const base = (kind: RunKind, id: string) => `/api/runs/${kind}/${id}`;

export function useRunComments(kind: RunKind, id: string) {
  return useQuery({ queryKey: ['run', kind, id, 'comments'], queryFn: () => getJson<{ comments: CommentView[] }>(`${base(kind, id)}/comments`), select: (d) => d.comments });
}

export function useRunReview(kind: RunKind, id: string) {
  return useQuery({ queryKey: ['run', kind, id, 'review'], queryFn: () => getJson<ReviewView>(`${base(kind, id)}/review`) });
}

export function useRunHistory(kind: RunKind, id: string) {
  return useQuery({ queryKey: ['run', kind, id, 'history'], queryFn: () => getJson<{ events: RunEvent[] }>(`${base(kind, id)}/history`), select: (d) => d.events });
}

/** Posting a comment, setting the review state or asking a reviewer, then refreshing what they change. */
export function useRunActions(kind: RunKind, id: string) {
  const client = useQueryClient();
  const after = async <T,>(result: Promise<T>) => {
    const value = await result;
    await client.invalidateQueries({ queryKey: ['run', kind, id] });
    return value;
  };
  return {
    comment: (body: { body: string; parentId?: string; anchor?: unknown }) => after(sendJson(`${base(kind, id)}/comments`, 'POST', body)),
    review: (state: string, comment?: string) => after(sendJson(`${base(kind, id)}/review`, 'PUT', { state, comment })),
    askReviewer: (reviewerId: string) => after(sendJson(`${base(kind, id)}/review-requests`, 'POST', { reviewerId })),
  };
}
