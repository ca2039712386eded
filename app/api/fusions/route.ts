import { getDb } from '@/lib/db/prisma-client.ts';
import { listFusionRuns } from '@/lib/api/fusions/list-fusion-runs.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { launchFusion } from '@/lib/server/launch-fusion.ts';
import { getQueue } from '@/lib/server/queue-client.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json({ fusionRuns: await listFusionRuns(getDb()) });
}

export async function POST(request: Request) {
  return jsonRoute(async () => {
    const body = await readJsonBody(request);
    const { id, warnings } = await launchFusion(getDb(), await getQueue(), body);
    return Response.json({ id, warnings }, { status: 201 });
  });
}
