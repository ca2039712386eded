import type { Db } from '../db/prisma-client.ts';
import { anchorFromColumns, type Anchor } from './anchor.ts';
import { runKey, type RunInfo } from './run-ref.ts';

export type RunEventType = 'created' | 'started' | 'succeeded' | 'failed' | 'cancelled' | 'commented' | 'review_requested' | 'review_state_changed';

export interface RunEvent {
  type: RunEventType;
  at: string;
  /** Who did it; null for what the workers did, or a creator unknown (runs from before accounts). */
  actor: { id: string; name: string } | null;
  /** The review state set, the person asked to review, the comment's id and anchor, the error. */
  detail?: { state?: string; reviewer?: { id: string; name: string }; commentId?: string; anchor?: Anchor | null; error?: string };
}

const PERSON = { select: { id: true, name: true } } as const;

/**
 * The run's life, oldest first. Created/started/finished come from the run's own timestamps
 * (the workers keep them), the rest from the comments, review decisions and review requests.
 */
export async function runHistory(db: Db, run: RunInfo): Promise<RunEvent[]> {
  const key = runKey(run);
  const [creator, comments, reviews, requests] = await Promise.all([
    run.createdById ? db.user.findUnique({ where: { id: run.createdById }, ...PERSON }) : null,
    db.comment.findMany({ where: key, include: { author: PERSON } }),
    db.review.findMany({ where: key, include: { reviewer: PERSON } }),
    db.reviewRequest.findMany({ where: key, include: { reviewer: PERSON, requestedBy: PERSON } }),
  ]);
  const events: RunEvent[] = [{ type: 'created', at: run.createdAt.toISOString(), actor: creator }];
  if (run.startedAt) events.push({ type: 'started', at: run.startedAt.toISOString(), actor: null });
  if (run.finishedAt && isFinal(run.status)) {
    events.push({ type: run.status, at: run.finishedAt.toISOString(), actor: null, ...(run.error ? { detail: { error: run.error } } : {}) });
  }
  for (const c of comments) {
    events.push({ type: 'commented', at: c.createdAt.toISOString(), actor: c.author, detail: { commentId: c.id, anchor: anchorFromColumns(c.anchorKind, c.anchorA, c.anchorB) } });
  }
  for (const r of reviews) {
    events.push({ type: 'review_state_changed', at: r.createdAt.toISOString(), actor: r.reviewer, detail: { state: r.state, ...(r.commentId ? { commentId: r.commentId } : {}) } });
  }
  for (const q of requests) events.push({ type: 'review_requested', at: q.createdAt.toISOString(), actor: q.requestedBy, detail: { reviewer: q.reviewer } });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

function isFinal(status: string): status is 'succeeded' | 'failed' | 'cancelled' {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
