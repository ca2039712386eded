import { signInRequest } from '@/lib/auth/auth-requests.ts';
import { isSecureRequest } from '@/lib/auth/cookies.ts';
import { signIn, withCookies } from '@/lib/auth/start-session.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  return jsonRoute(async () => {
    const { email, password } = signInRequest.parse(await readJsonBody(request));
    const { user, cookies } = await signIn(getDb(), email, password, isSecureRequest(request.url, request.headers));
    return withCookies(Response.json({ user }), cookies);
  });
}
