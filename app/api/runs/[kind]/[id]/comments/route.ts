import { requireUser } from '@/lib/auth/request-user.ts';
import { addComment, listComments, newCommentRequest } from '@/lib/review/comments.ts';
import { requireRun } from '@/lib/review/run-ref.ts';
import type { RunRouteContext } from '@/lib/review/run-route-params.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: RunRouteContext) {
  return jsonRoute(async () => {
    await requireUser(request);
    const { kind, id } = await params;
    const run = await requireRun(getDb(), kind, id);
    return Response.json({ comments: await listComments(getDb(), run) });
  });
}

/** Any signed-in role may comment; `anchor` pins it to a cell {kind:'cell',i,j} or a range {kind:'range',a,b}. */
export async function POST(request: Request, { params }: RunRouteContext) {
  return jsonRoute(async () => {
    const user = await requireUser(request);
    const { kind, id } = await params;
    const run = await requireRun(getDb(), kind, id);
    const comment = await addComment(getDb(), run, user, newCommentRequest.parse(await readJsonBody(request)));
    return Response.json({ comment }, { status: 201 });
  });
}
