import { requireUser } from '@/lib/auth/request-user.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return jsonRoute(async () => Response.json({ user: await requireUser(request) }));
}
