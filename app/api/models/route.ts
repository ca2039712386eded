import { getDb } from '@/lib/db/prisma-client.ts';
import { listedWithCreators, recordRequestCreator } from '@/lib/review/request-creators.ts';
import { dataDir } from '@/lib/server/data-dir.ts';
import { guardedRoute } from '@/lib/server/guarded-route.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { listModels } from '@/lib/server/list-models.ts';
import { uploadModel } from '@/lib/server/upload-model.ts';

export const dynamic = 'force-dynamic';

// The proxy skips this path (see proxy.ts): both handlers apply its rules themselves.
export async function GET(request: Request) {
  return guardedRoute(request, async () => Response.json({ models: await listedWithCreators(request, 'model', await listModels(getDb())) }));
}

export async function POST(request: Request) {
  return guardedRoute(request, () => jsonRoute(async () => {
    const id = await uploadModel(getDb(), dataDir(), request);
    await recordRequestCreator(request, 'model', id);
    return Response.json({ id }, { status: 201 });
  }));
}
