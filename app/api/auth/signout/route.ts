import { isSecureRequest } from '@/lib/auth/cookies.ts';
import { signOut, withCookies } from '@/lib/auth/start-session.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  return jsonRoute(async () => {
    const cookies = await signOut(getDb(), request.headers, isSecureRequest(request.url, request.headers));
    return withCookies(Response.json({ signedOut: true }), cookies);
  });
}
