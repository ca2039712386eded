import { getDb } from '@/lib/db/prisma-client.ts';
import { listJobs } from '@/lib/server/list-jobs.ts';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json({ jobs: await listJobs(getDb()) });
}
