import { getDb } from '@/lib/db/prisma-client.ts';
import { readModel } from '@/lib/api/models/read-model.ts';
import { notFound } from '@/lib/server/http-error.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { isUuid } from '@/lib/server/uuid.ts';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return jsonRoute(async () => {
    const { id } = await params;
    const model = isUuid(id) ? await readModel(getDb(), id) : null;
    if (!model) throw notFound(`no model with id ${id}`);
    return Response.json(model);
  });
}
