import { setupRequest } from '@/lib/auth/auth-requests.ts';
import { isSecureRequest } from '@/lib/auth/cookies.ts';
import { startSession, withCookies } from '@/lib/auth/start-session.ts';
import { countUsers, createFirstAdmin } from '@/lib/auth/users.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

/** Whether this installation still needs its first admin. */
export async function GET() {
  return Response.json({ needed: (await countUsers(getDb())) === 0 });
}

export async function POST(request: Request) {
  return jsonRoute(async () => {
    const input = setupRequest.parse(await readJsonBody(request));
    const user = await createFirstAdmin(getDb(), input);
    const cookies = await startSession(getDb(), user, isSecureRequest(request.url, request.headers));
    return withCookies(Response.json({ user }, { status: 201 }), cookies);
  });
}
