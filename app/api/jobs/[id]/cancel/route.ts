import { getDb } from '@/lib/db/prisma-client.ts';
import { cancelJob } from '@/lib/jobs/cancel-job.ts';
import { getQueue } from '@/lib/server/queue-client.ts';

export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = getDb();
  const job = await db.job.findUnique({ where: { id } }).catch(() => null);
  if (!job) return Response.json({ error: `no job with id ${id}` }, { status: 404 });
  const cancelled = await cancelJob(db, await getQueue(), id);
  if (!cancelled) return Response.json({ error: `job ${id} is ${job.state} and can no longer be cancelled` }, { status: 409 });
  return Response.json({ id, state: 'cancelled' });
}
