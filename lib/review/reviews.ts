import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user.ts';
import { roleAllows } from '../auth/roles.ts';
import type { Db } from '../db/prisma-client.ts';
import { badRequest, HttpError } from '../server/http-error.ts';
import { isUuid } from '../server/uuid.ts';
import { addComment, MAX_COMMENT_LENGTH } from './comments.ts';
import { runKey, type RunInfo } from './run-ref.ts';

export const REVIEW_STATES = ['open', 'approved', 'changes_requested'] as const;
export type ReviewStateName = (typeof REVIEW_STATES)[number];

export const reviewRequestBody = z.object({
  state: z.enum(REVIEW_STATES),
  comment: z.string().trim().max(MAX_COMMENT_LENGTH).optional(),
});

export const reviewerRequestBody = z.object({ reviewerId: z.string() });

export interface ReviewView {
  state: ReviewStateName;
  authorId: string | null;
  decisions: Array<{ id: string; state: ReviewStateName; reviewer: { id: string; name: string }; commentId: string | null; createdAt: string }>;
  requested: Array<{ reviewer: { id: string; name: string }; requestedBy: { id: string; name: string }; createdAt: string }>;
}

const PERSON = { select: { id: true, name: true } } as const;

export async function readReview(db: Db, run: RunInfo): Promise<ReviewView> {
  const [decisions, requested] = await Promise.all([
    db.review.findMany({ where: runKey(run), orderBy: { createdAt: 'asc' }, include: { reviewer: PERSON } }),
    db.reviewRequest.findMany({ where: runKey(run), orderBy: { createdAt: 'asc' }, include: { reviewer: PERSON, requestedBy: PERSON } }),
  ]);
  return {
    state: run.reviewState as ReviewStateName,
    authorId: run.createdById,
    decisions: decisions.map((d) => ({ id: d.id, state: d.state, reviewer: d.reviewer, commentId: d.commentId, createdAt: d.createdAt.toISOString() })),
    requested: requested.map((r) => ({ reviewer: r.reviewer, requestedBy: r.requestedBy, createdAt: r.createdAt.toISOString() })),
  };
}

/** Why this user may not review this run, or null. */
export function reviewProblem(run: RunInfo, reviewer: AuthUser): string | null {
  if (!roleAllows(reviewer.role, 'member')) return `reviewing needs the member role; ${reviewer.email} is ${reviewer.role}`;
  if (run.createdById === reviewer.id) return 'the author of a run cannot review it: ask another member';
  return null;
}

/** Sets the review state; changes requested must say what should change, in a comment on the run. */
export async function setReviewState(db: Db, run: RunInfo, reviewer: AuthUser, input: z.infer<typeof reviewRequestBody>): Promise<ReviewView> {
  const problem = reviewProblem(run, reviewer);
  if (problem) throw new HttpError(403, problem);
  const text = input.comment?.trim();
  if (input.state === 'changes_requested' && !text) throw badRequest('say what should change: a comment is required to request changes');
  const comment = text ? await addComment(db, run, reviewer, { body: text }) : null;
  await db.$transaction([
    db.review.create({ data: { ...runKey(run), reviewerId: reviewer.id, state: input.state, commentId: comment?.id ?? null } }),
    run.kind === 'analyses'
      ? db.analysis.update({ where: { id: run.id }, data: { reviewState: input.state } })
      : db.fusionRun.update({ where: { id: run.id }, data: { reviewState: input.state } }),
  ]);
  return readReview(db, { ...run, reviewState: input.state });
}

/** Asks someone (a member or admin, not the author) to review the run; it shows in their inbox. */
export async function requestReview(db: Db, run: RunInfo, requester: AuthUser, reviewerId: string): Promise<ReviewView> {
  const reviewer = isUuid(reviewerId) ? await db.user.findUnique({ where: { id: reviewerId } }) : null;
  if (!reviewer || reviewer.disabledAt) throw badRequest(`no user with id ${reviewerId}`);
  if (!roleAllows(reviewer.role, 'member')) throw badRequest(`${reviewer.email} is a viewer and cannot review`);
  if (reviewer.id === run.createdById) throw badRequest(`${reviewer.email} is the author of this run`);
  const exists = await db.reviewRequest.findFirst({ where: { ...runKey(run), reviewerId: reviewer.id } });
  if (!exists) await db.reviewRequest.create({ data: { ...runKey(run), reviewerId: reviewer.id, requestedById: requester.id } });
  return readReview(db, run);
}
