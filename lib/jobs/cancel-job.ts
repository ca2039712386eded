import type PgBoss from 'pg-boss';
import type { Db } from '../db/prisma-client.ts';

/** Cancels a queued or running job; a running one is stopped by its worker within a heartbeat. */
export async function cancelJob(db: Db, boss: PgBoss, jobId: string): Promise<boolean> {
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job || (job.state !== 'queued' && job.state !== 'running')) return false;
  await boss.cancel(job.name, jobId);
  await db.job.update({ where: { id: jobId }, data: { state: 'cancelled', finishedAt: new Date() } });
  return true;
}
