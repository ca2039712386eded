import type { Db } from '../db/prisma-client.ts';

export interface JobView {
  id: string;
  name: string;
  state: string;
  progressDone: number;
  progressTotal: number;
  attempts: number;
  error: string | null;
  workerId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export async function listJobs(db: Db, limit = 200): Promise<JobView[]> {
  const jobs = await db.job.findMany({ orderBy: { createdAt: 'desc' }, take: limit });
  return jobs.map((j) => ({
    id: j.id,
    name: j.name,
    state: j.state,
    progressDone: j.progressDone,
    progressTotal: j.progressTotal,
    attempts: j.attempts,
    error: j.error,
    workerId: j.workerId,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
  }));
}
