import { getDb } from '@/lib/db/prisma-client.ts';
import { readFusionRun } from '@/lib/api/fusions/read-fusion-run.ts';
import { notFound } from '@/lib/server/http-error.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { isUuid } from '@/lib/server/uuid.ts';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return jsonRoute(async () => {
    const { id } = await params;
    const run = isUuid(id) ? await readFusionRun(getDb(), id) : null;
    if (!run) throw notFound(`no fusion run with id ${id}`);
    return Response.json(run);
  });
}
