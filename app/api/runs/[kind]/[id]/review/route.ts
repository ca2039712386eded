import { requireUser } from '@/lib/auth/request-user.ts';
import { readReview, reviewRequestBody, setReviewState } from '@/lib/review/reviews.ts';
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
    return Response.json(await readReview(getDb(), await requireRun(getDb(), kind, id)));
  });
}

/** {state: open|approved|changes_requested, comment?}: a member other than the author; changes_requested needs the comment. */
export async function PUT(request: Request, { params }: RunRouteContext) {
  return jsonRoute(async () => {
    const user = await requireUser(request, 'member');
    const { kind, id } = await params;
    const run = await requireRun(getDb(), kind, id);
    return Response.json(await setReviewState(getDb(), run, user, reviewRequestBody.parse(await readJsonBody(request))));
  });
}
