import { getDb } from '@/lib/db/prisma-client.ts';
import { readAnalysis } from '@/lib/api/analyses/read-analysis.ts';
import { notFound } from '@/lib/server/http-error.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { isUuid } from '@/lib/server/uuid.ts';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return jsonRoute(async () => {
    const { id } = await params;
    const analysis = isUuid(id) ? await readAnalysis(getDb(), id) : null;
    if (!analysis) throw notFound(`no analysis with id ${id}`);
    return Response.json(analysis);
  });
}
