import { userChangeRequest } from '@/lib/auth/auth-requests.ts';
import { requireUser } from '@/lib/auth/request-user.ts';
import { updateUser } from '@/lib/auth/users.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { notFound } from '@/lib/server/http-error.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';
import { isUuid } from '@/lib/server/uuid.ts';

export const dynamic = 'force-dynamic';

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return jsonRoute(async () => {
    await requireUser(request, 'admin');
    const { id } = await params;
    if (!isUuid(id)) throw notFound(`no user with id ${id}`);
    const user = await updateUser(getDb(), id, userChangeRequest.parse(await readJsonBody(request)));
    return Response.json({ user });
  });
}
