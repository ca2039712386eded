import { getDb } from '@/lib/db/prisma-client.ts';
import { readHealth } from '@/lib/server/read-health.ts';

export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await readHealth(getDb());
  return Response.json(health, { status: health.database.ok ? 200 : 503 });
}
