import type PgBoss from 'pg-boss';
import type { Db } from '../../db/prisma-client.ts';
import { cancelJob } from '../../jobs/cancel-job.ts';

/** Cancels every queued or running job of an analysis; rows already stored stay. */
export async function cancelAnalysis(db: Db, boss: PgBoss, analysisId: string): Promise<boolean> {
  const analysis = await db.analysis.findUnique({ where: { id: analysisId } });
  if (!analysis || (analysis.status !== 'queued' && analysis.status !== 'running')) return false;
  const jobs = await db.job.findMany({ where: { payload: { path: ['analysisId'], equals: analysisId } }, select: { id: true } });
  for (const job of jobs) await cancelJob(db, boss, job.id);
  await db.analysis.update({ where: { id: analysisId }, data: { status: 'cancelled', finishedAt: new Date() } });
  return true;
}
