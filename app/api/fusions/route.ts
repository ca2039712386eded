import { getDb } from '@/lib/db/prisma-client.ts';
import { listedWithCreators, recordRequestCreator } from '@/lib/review/request-creators.ts';
import { listFusionRuns } from '@/lib/api/fusions/list-fusion-runs.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { launchFusion } from '@/lib/server/launch-fusion.ts';
import { getQueue } from '@/lib/server/queue-client.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return Response.json({ fusionRuns: await listedWithCreators(request, 'fusionRun', await listFusionRuns(getDb())) });
}

export async function POST(request: Request) {
  return jsonRoute(async () => {
    const body = await readJsonBody(request);
    const { id, warnings } = await launchFusion(getDb(), await getQueue(), body);
    await recordRequestCreator(request, 'fusionRun', id);
    return Response.json({ id, warnings }, { status: 201 });
  });
}
