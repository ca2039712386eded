import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user.ts';
import type { Db } from '../db/prisma-client.ts';
import { badRequest, HttpError, notFound } from '../server/http-error.ts';
import { isUuid } from '../server/uuid.ts';
import { anchorColumns, anchorFromColumns, anchorSchema, checkAnchor, type Anchor } from './anchor.ts';
import { renderMarkdown } from './render-markdown.ts';
import { runKey, type RunRef } from './run-ref.ts';

export const MAX_COMMENT_LENGTH = 20_000;

export const newCommentRequest = z.object({
  body: z.string().trim().min(1, 'the comment is empty').max(MAX_COMMENT_LENGTH),
  parentId: z.string().optional(),
  anchor: anchorSchema.optional().nullable(),
});

export const commentEditRequest = z.object({ body: z.string().trim().min(1, 'the comment is empty').max(MAX_COMMENT_LENGTH) });

export interface CommentView {
  id: string;
  parentId: string | null;
  author: { id: string; name: string; email: string };
  body: string;
  /** The body rendered by renderMarkdown: safe to insert as HTML. */
  html: string;
  anchor: Anchor | null;
  createdAt: string;
  editedAt: string | null;
}

const AUTHOR = { select: { id: true, name: true, email: true } } as const;

type CommentRow = {
  id: string; parentId: string | null; body: string; anchorKind: string | null; anchorA: number | null; anchorB: number | null;
  createdAt: Date; editedAt: Date | null; author: { id: string; name: string; email: string };
};

function toView(row: CommentRow): CommentView {
  return {
    id: row.id,
    parentId: row.parentId,
    author: row.author,
    body: row.body,
    html: renderMarkdown(row.body),
    anchor: anchorFromColumns(row.anchorKind, row.anchorA, row.anchorB),
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
  };
}

/** Oldest first; replies name their parent, the page nests them. */
export async function listComments(db: Db, run: RunRef): Promise<CommentView[]> {
  const rows = await db.comment.findMany({ where: runKey(run), orderBy: { createdAt: 'asc' }, include: { author: AUTHOR } });
  return rows.map(toView);
}

export async function addComment(db: Db, run: RunRef, author: AuthUser, input: z.infer<typeof newCommentRequest>): Promise<CommentView> {
  if (input.parentId) await requireParentOnRun(db, run, input.parentId);
  const anchor = input.anchor ? checkAnchor(input.anchor) : null;
  const row = await db.comment.create({
    data: { ...runKey(run), authorId: author.id, parentId: input.parentId ?? null, body: input.body, ...anchorColumns(anchor) },
    include: { author: AUTHOR },
  });
  return toView(row);
}

async function requireParentOnRun(db: Db, run: RunRef, parentId: string): Promise<void> {
  const parent = isUuid(parentId) ? await db.comment.findUnique({ where: { id: parentId } }) : null;
  const onRun = parent && (run.kind === 'analyses' ? parent.analysisId : parent.fusionRunId) === run.id;
  if (!onRun) throw badRequest(`no comment ${parentId} on this run to reply to`);
}

async function ownComment(db: Db, id: string, actor: AuthUser, adminMay: boolean) {
  const row = isUuid(id) ? await db.comment.findUnique({ where: { id } }) : null;
  if (!row) throw notFound(`no comment with id ${id}`);
  if (row.authorId !== actor.id && !(adminMay && actor.role === 'admin')) throw new HttpError(403, 'only its author may change a comment');
  return row;
}

export async function editComment(db: Db, id: string, actor: AuthUser, body: string): Promise<CommentView> {
  await ownComment(db, id, actor, false);
  const row = await db.comment.update({ where: { id }, data: { body, editedAt: new Date() }, include: { author: AUTHOR } });
  return toView(row);
}

/** The author or an admin; replies go with it. */
export async function deleteComment(db: Db, id: string, actor: AuthUser): Promise<void> {
  await ownComment(db, id, actor, true);
  await db.comment.delete({ where: { id } });
}
