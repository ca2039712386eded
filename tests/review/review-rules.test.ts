import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthUser } from '../../lib/auth/auth-user.ts';
import { createUser } from '../../lib/auth/users.ts';
import { createPrismaClient, type Db } from '../../lib/db/prisma-client.ts';
import { addComment, deleteComment, editComment, listComments } from '../../lib/review/comments.ts';
import { markInboxSeen, readInbox } from '../../lib/review/inbox.ts';
import { requestReview, setReviewState } from '../../lib/review/reviews.ts';
import { runHistory } from '../../lib/review/run-history.ts';
import { requireRun, type RunInfo } from '../../lib/review/run-ref.ts';
import { seedRuns } from '../support/seed-run.ts';
import { createTestDatabase } from '../support/test-database.ts';

describe('comments, review state, history and inbox', () => {
  let db: Db;
  let author: AuthUser;
  let reviewer: AuthUser;
  let viewer: AuthUser;
  let fusion: RunInfo;
  let analysis: RunInfo;
  const person = (email: string, role: AuthUser['role']) => createUser(db, { email, password: 'long enough', role });

  beforeAll(async () => {
    db = createPrismaClient(await createTestDatabase(), 2);
    author = await person('author@example.test', 'member');
    reviewer = await person('reviewer@example.test', 'member');
    viewer = await person('viewer@example.test', 'viewer');
    const seeded = await seedRuns(db, author.id);
    fusion = await requireRun(db, 'fusions', seeded.fusionRunId);
    analysis = await requireRun(db, 'analyses', seeded.analysisId);
  });

  afterAll(async () => {
    await db?.$disconnect();
  });

  it('lets neither the author nor a viewer review', async () => {
    await expect(setReviewState(db, fusion, author, { state: 'approved' })).rejects.toThrow(/author of a run cannot review/);
    await expect(setReviewState(db, fusion, viewer, { state: 'approved' })).rejects.toThrow(/member role/);
  });

  it('requires a comment to request changes, and posts it on the run', async () => {
    await expect(setReviewState(db, fusion, reviewer, { state: 'changes_requested' })).rejects.toThrow(/comment is required/);
    await expect(setReviewState(db, fusion, reviewer, { state: 'changes_requested', comment: '   ' })).rejects.toThrow(/comment is required/);
    const view = await setReviewState(db, fusion, reviewer, { state: 'changes_requested', comment: 'evaluate on **more** sequences' });
    expect(view.state).toBe('changes_requested');
    const comments = await listComments(db, fusion);
    expect(comments.at(-1)).toMatchObject({ author: { id: reviewer.id }, html: '<p>evaluate on <strong>more</strong> sequences</p>' });
    expect(view.decisions.at(-1)).toMatchObject({ state: 'changes_requested', commentId: comments.at(-1)!.id });
    expect((await db.fusionRun.findUniqueOrThrow({ where: { id: fusion.id } })).reviewState).toBe('changes_requested');
  });

  it('threads replies and anchors comments to a cell or a range', async () => {
    const root = await addComment(db, analysis, viewer, { body: 'why is block 7 so strong?', anchor: { kind: 'cell', i: 3, j: 7 } });
    const reply = await addComment(db, analysis, author, { body: 'attention-free run', parentId: root.id });
    await addComment(db, analysis, reviewer, { body: 'fuse these', anchor: { kind: 'range', a: 6, b: 14 } });
    const comments = await listComments(db, analysis);
    expect(comments.map((c) => [c.parentId, c.anchor])).toEqual([
      [null, { kind: 'cell', i: 3, j: 7 }],
      [root.id, null],
      [null, { kind: 'range', a: 6, b: 14 }],
    ]);
    expect(reply.parentId).toBe(root.id);
    await expect(addComment(db, analysis, viewer, { body: 'x', anchor: { kind: 'range', a: 5, b: 2 } })).rejects.toThrow(/empty/);
    const other = await addComment(db, fusion, viewer, { body: 'elsewhere' });
    await expect(addComment(db, analysis, viewer, { body: 'x', parentId: other.id })).rejects.toThrow(/no comment/);
  });

  it('lets only the author edit, and the author or an admin delete', async () => {
    const comment = await addComment(db, analysis, viewer, { body: 'typo' });
    await expect(editComment(db, comment.id, reviewer, 'hijack')).rejects.toThrow(/only its author/);
    expect((await editComment(db, comment.id, viewer, 'fixed')).editedAt).not.toBeNull();
    await expect(deleteComment(db, comment.id, reviewer)).rejects.toThrow(/only its author/);
    const admin = await person('admin@example.test', 'admin');
    await deleteComment(db, comment.id, admin);
    expect((await listComments(db, analysis)).some((c) => c.id === comment.id)).toBe(false);
  });

  it('tells the history of a run: who created, commented, asked and decided, and when', async () => {
    await requestReview(db, fusion, author, reviewer.id);
    await setReviewState(db, fusion, reviewer, { state: 'approved' });
    const events = await runHistory(db, await requireRun(db, 'fusions', fusion.id));
    expect(events[0]).toMatchObject({ type: 'created', actor: { id: author.id } });
    expect(events.map((e) => e.type)).toEqual(['created', 'commented', 'review_state_changed', 'commented', 'review_requested', 'review_state_changed']);
    expect(events.at(-1)).toMatchObject({ actor: { id: reviewer.id }, detail: { state: 'approved' } });
    const analysisEvents = (await runHistory(db, analysis)).map((e) => e.type);
    expect(analysisEvents.slice(0, 3)).toEqual(['created', 'started', 'succeeded']);
  });

  it('refuses to ask a viewer or the author to review', async () => {
    await expect(requestReview(db, fusion, reviewer, viewer.id)).rejects.toThrow(/viewer/);
    await expect(requestReview(db, fusion, reviewer, author.id)).rejects.toThrow(/author/);
  });

  it('fills the inbox with what others did since the last visit', async () => {
    const first = await readInbox(db, author);
    expect(first.since).toBeNull();
    const item = first.items.find((i) => i.run.id === fusion.id)!;
    expect(item.reasons).toContain('created');
    expect(item.events.every((e) => e.actor?.id !== author.id)).toBe(true);
    expect(item.events.map((e) => e.type)).toContain('review_state_changed');
    expect((await readInbox(db, reviewer)).items.find((i) => i.run.id === fusion.id)?.reasons).toEqual(expect.arrayContaining(['commented', 'review_requested']));
    await markInboxSeen(db, author, new Date(Date.now() + 1));
    await new Promise((r) => setTimeout(r, 5));
    expect((await readInbox(db, author)).items).toEqual([]);
    await addComment(db, fusion, viewer, { body: 'new since your visit' });
    const next = await readInbox(db, author);
    expect(next.items.map((i) => i.events.map((e) => e.type))).toEqual([['commented']]);
  });
});
