import { newTokenRequest } from '@/lib/auth/auth-requests.ts';
import { createApiToken, listApiTokens } from '@/lib/auth/api-tokens.ts';
import { requireUser } from '@/lib/auth/request-user.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

/** Your own tokens; `?all=1` lists everyone's for an admin. */
export async function GET(request: Request) {
  return jsonRoute(async () => {
    const user = await requireUser(request);
    const all = new URL(request.url).searchParams.get('all') === '1' && user.role === 'admin';
    return Response.json({ tokens: await listApiTokens(getDb(), all ? {} : { userId: user.id }) });
  });
}

/** The token is in this answer only; it acts with its owner's role. */
export async function POST(request: Request) {
  return jsonRoute(async () => {
    const user = await requireUser(request);
    const { name, expiresInDays } = newTokenRequest.parse(await readJsonBody(request));
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : undefined;
    const { token, view } = await createApiToken(getDb(), user.id, name, expiresAt);
    return Response.json({ token, ...view }, { status: 201 });
  });
}
