import { newUserRequest } from '@/lib/auth/auth-requests.ts';
import { requireUser } from '@/lib/auth/request-user.ts';
import { createUser, listUsers } from '@/lib/auth/users.ts';
import { getDb } from '@/lib/db/prisma-client.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return jsonRoute(async () => {
    await requireUser(request);
    return Response.json({ users: await listUsers(getDb()) });
  });
}

export async function POST(request: Request) {
  return jsonRoute(async () => {
    await requireUser(request, 'admin');
    const user = await createUser(getDb(), newUserRequest.parse(await readJsonBody(request)));
    return Response.json({ user }, { status: 201 });
  });
}
