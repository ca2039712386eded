import { requireUser } from '@/lib/auth/request-user.ts';
import { commentEditRequest, deleteComment, editComment } from '@/lib/review/comments.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** The author edits their comment. */
export async function PATCH(request: Request, { params }: Context) {
  return jsonRoute(async () => {
    const user = await requireUser(request);
    const { id } = await params;
    const { body } = commentEditRequest.parse(await readJsonBody(request));
    return Response.json({ comment: await editComment(getDb(), id, user, body) });
  });
}

/** The author or an admin deletes a comment and its replies. */
export async function DELETE(request: Request, { params }: Context) {
  return jsonRoute(async () => {
    const user = await requireUser(request);
    const { id } = await params;
    await deleteComment(getDb(), id, user);
    return Response.json({ id, deleted: true });
  });
}
