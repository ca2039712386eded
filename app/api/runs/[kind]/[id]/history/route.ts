import { requireUser } from '@/lib/auth/request-user.ts';
import { runHistory } from '@/lib/review/run-history.ts';
import { requireRun } from '@/lib/review/run-ref.ts';
import type { RunRouteContext } from '@/lib/review/run-route-params.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: RunRouteContext) {
  return jsonRoute(async () => {
    await requireUser(request);
    const { kind, id } = await params;
    return Response.json({ events: await runHistory(getDb(), await requireRun(getDb(), kind, id)) });
  });
}
