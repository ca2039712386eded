import { requireUser } from '@/lib/auth/request-user.ts';
import { readInbox } from '@/lib/review/inbox.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return jsonRoute(async () => Response.json(await readInbox(getDb(), await requireUser(request))));
}
