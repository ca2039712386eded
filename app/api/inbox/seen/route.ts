import { requireUser } from '@/lib/auth/request-user.ts';
import { markInboxSeen } from '@/lib/review/inbox.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';

export const dynamic = 'force-dynamic';

/** Marks everything up to now as seen: the next inbox lists only what changes after. */
export async function POST(request: Request) {
  return jsonRoute(async () => {
    await markInboxSeen(getDb(), await requireUser(request));
    return Response.json({ seen: true });
  });
}
