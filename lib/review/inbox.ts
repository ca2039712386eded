import type { AuthUser } from '../auth/auth-user.ts';
import type { Db } from '../db/prisma-client.ts';
import { runHistory, type RunEvent } from './run-history.ts';
import { findRun, runPagePath, type RunKind, type RunRef } from './run-ref.ts';

export type InboxReason = 'created' | 'commented' | 'review_requested';

export interface InboxItem {
  run: RunRef & { title: string; path: string; status: string; reviewState: string };
  reasons: InboxReason[];
  events: RunEvent[];
}

export interface Inbox {
  /** Changes after this instant are listed; null on a first visit (the last 30 days then). */
  since: string | null;
  items: InboxItem[];
}

const FIRST_VISIT_WINDOW_MS = 30 * 86_400_000;

/** Runs the user created, commented on or was asked to review, each with what others did since `since`. */
export async function readInbox(db: Db, user: AuthUser, now = new Date()): Promise<Inbox> {
  const row = await db.user.findUnique({ where: { id: user.id }, select: { inboxSeenAt: true } });
  const since = row?.inboxSeenAt ?? null;
  const after = (since ?? new Date(now.getTime() - FIRST_VISIT_WINDOW_MS)).toISOString();
  const items: InboxItem[] = [];
  for (const [key, reasons] of await involvedRuns(db, user.id)) {
    const [kind, id] = key.split(':') as [RunKind, string];
    const run = await findRun(db, { kind, id });
    if (!run) continue;
    const events = (await runHistory(db, run)).filter((e) => e.at > after && e.actor?.id !== user.id);
    if (events.length) items.push({ run: { kind, id, title: run.title, path: runPagePath(run), status: run.status, reviewState: run.reviewState }, reasons: [...reasons], events });
  }
  items.sort((a, b) => b.events.at(-1)!.at.localeCompare(a.events.at(-1)!.at));
  return { since: since?.toISOString() ?? null, items };
}

export async function markInboxSeen(db: Db, user: AuthUser, at = new Date()): Promise<void> {
  await db.user.update({ where: { id: user.id }, data: { inboxSeenAt: at } });
}

type RunLinks = { analysisId: string | null; fusionRunId: string | null };

async function involvedRuns(db: Db, userId: string): Promise<Map<string, Set<InboxReason>>> {
  const found = new Map<string, Set<InboxReason>>();
  const add = (key: string | null, reason: InboxReason) => {
    if (key) (found.get(key) ?? found.set(key, new Set()).get(key)!).add(reason);
  };
  const keyOf = (r: RunLinks) => (r.analysisId ? `analyses:${r.analysisId}` : r.fusionRunId ? `fusions:${r.fusionRunId}` : null);
  const [analyses, fusions, comments, requests] = await Promise.all([
    db.analysis.findMany({ where: { createdById: userId }, select: { id: true } }),
    db.fusionRun.findMany({ where: { createdById: userId }, select: { id: true } }),
    db.comment.findMany({ where: { authorId: userId }, select: { analysisId: true, fusionRunId: true }, distinct: ['analysisId', 'fusionRunId'] }),
    db.reviewRequest.findMany({ where: { reviewerId: userId }, select: { analysisId: true, fusionRunId: true } }),
  ]);
  for (const a of analyses) add(`analyses:${a.id}`, 'created');
  for (const f of fusions) add(`fusions:${f.id}`, 'created');
  for (const c of comments) add(keyOf(c), 'commented');
  for (const r of requests) add(keyOf(r), 'review_requested');
  return found;
}
