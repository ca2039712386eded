import { getDb } from '@/lib/db/prisma-client.ts';
import { listModels } from '@/lib/server/list-models.ts';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json({ models: await listModels(getDb()) });
}
