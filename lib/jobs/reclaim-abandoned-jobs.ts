import type PgBoss from 'pg-boss';
import type { Db } from '../db/prisma-client.ts';
import { jobDefinitionByName } from './definitions/index.ts';

/**
 * Finds workers that stopped sending heartbeats and hands their running jobs back to the queue
 * (pg-boss retries them, or fails them when no retry is left). One caller wins each worker.
 */
export async function reclaimAbandonedJobs(db: Db, boss: PgBoss, staleMs: number): Promise<string[]> {
  const cutoff = new Date(Date.now() - staleMs);
  const stale = await db.$queryRaw<Array<{ id: string; currentJobId: string | null }>>`
    UPDATE "Worker" SET "stoppedAt" = now()
    WHERE "stoppedAt" IS NULL AND "lastSeenAt" < ${cutoff}
    RETURNING id, "currentJobId"`;
  const reclaimed: string[] = [];
  for (const worker of stale) {
    if (!worker.currentJobId) continue;
    const job = await db.job.findUnique({ where: { id: worker.currentJobId } });
    if (!job || job.state !== 'running') continue;
    await boss.fail(job.name, job.id, { message: `worker ${worker.id} stopped responding` });
    const queued = await boss.getJobById(job.name, job.id);
    const retrying = queued?.state === 'retry';
    const error = `worker ${worker.id} stopped responding${retrying ? '; retrying on another worker' : ''}`;
    await db.job.update({ where: { id: job.id }, data: { state: retrying ? 'queued' : 'failed', error, workerId: null } });
    if (!retrying) await jobDefinitionByName(job.name)?.onGivenUp?.(db, job.payload as never, { state: 'failed', error });
    reclaimed.push(job.id);
  }
  return reclaimed;
}
