import { getDb } from '@/lib/db/prisma-client.ts';
import { dataDir } from '@/lib/server/data-dir.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { listModels } from '@/lib/server/list-models.ts';
import { uploadModel } from '@/lib/server/upload-model.ts';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json({ models: await listModels(getDb()) });
}

export async function POST(request: Request) {
  return jsonRoute(async () => {
    const id = await uploadModel(getDb(), dataDir(), request);
    return Response.json({ id }, { status: 201 });
  });
}
