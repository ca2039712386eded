import { getDb } from '@/lib/db/prisma-client.ts';
import { listedWithCreators, recordRequestCreator } from '@/lib/review/request-creators.ts';
import { listAnalyses } from '@/lib/api/analyses/list-analyses.ts';
import { dataDir } from '@/lib/server/data-dir.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { launchAnalysis } from '@/lib/server/launch-analysis.ts';
import { getQueue } from '@/lib/server/queue-client.ts';
import { readJsonBody } from '@/lib/server/read-json-body.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return Response.json({ analyses: await listedWithCreators(request, 'analysis', await listAnalyses(getDb())) });
}

export async function POST(request: Request) {
  return jsonRoute(async () => {
    const body = await readJsonBody(request);
    const id = await launchAnalysis(getDb(), await getQueue(), dataDir(), body);
    await recordRequestCreator(request, 'analysis', id);
    return Response.json({ id }, { status: 201 });
  });
}
