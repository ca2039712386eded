import { revokeApiToken } from '@/lib/auth/api-tokens.ts';
import { requireUser } from '@/lib/auth/request-user.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { notFound } from '@/lib/server/http-error.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { isUuid } from '@/lib/server/uuid.ts';

export const dynamic = 'force-dynamic';

/** Revokes one of your tokens (an admin: anyone's). */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return jsonRoute(async () => {
    const user = await requireUser(request);
    const { id } = await params;
    if (!isUuid(id) || !(await revokeApiToken(getDb(), id, user))) throw notFound(`no token ${id} of yours`);
    return Response.json({ id, revoked: true });
  });
}
