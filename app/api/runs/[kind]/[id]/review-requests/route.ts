import { requireUser } from '@/lib/auth/request-user.ts';
import { requestReview, reviewerRequestBody } from '@/lib/review/reviews.ts';
import { requireRun } from '@/lib/review/run-ref.ts';
import type { RunRouteContext } from '@/lib/review/run-route-params.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

/** {reviewerId}: asks a member to review the run (it appears in their inbox). */
export async function POST(request: Request, { params }: RunRouteContext) {
  return jsonRoute(async () => {
    const user = await requireUser(request, 'member');
    const { kind, id } = await params;
    const run = await requireRun(getDb(), kind, id);
    const { reviewerId } = reviewerRequestBody.parse(await readJsonBody(request));
    return Response.json(await requestReview(getDb(), run, user, reviewerId), { status: 201 });
  });
}
