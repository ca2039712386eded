import type { Db } from '../db/prisma-client.ts';
import { WORKER_STALE_MS } from '../jobs/job-timing.ts';
import { listLiveWorkers } from '../jobs/worker-registry.ts';

export interface Health {
  ok: boolean;
  database: { ok: boolean; error?: string };
  queue: { ok: boolean; queued: number; running: number; error?: string };
  workers: Array<{ id: string; host: string; pid: number; startedAt: string; lastSeenAt: string; currentJob: { id: string; name: string; progressDone: number; progressTotal: number } | null }>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function readHealth(db: Db): Promise<Health> {
  try {
    await db.$queryRaw`SELECT 1`;
  } catch (error) {
    return { ok: false, database: { ok: false, error: message(error) }, queue: { ok: false, queued: 0, running: 0, error: 'database unreachable' }, workers: [] };
  }
  const queue = await readQueueState(db);
  const live = await listLiveWorkers(db, WORKER_STALE_MS);
  const jobIds = live.map((w) => w.currentJobId).filter((id): id is string => id !== null);
  const jobs = await db.job.findMany({ where: { id: { in: jobIds } } });
  const workers = live.map((w) => {
    const job = jobs.find((j) => j.id === w.currentJobId);
    return {
      id: w.id,
      host: w.host,
      pid: w.pid,
      startedAt: w.startedAt.toISOString(),
      lastSeenAt: w.lastSeenAt.toISOString(),
      currentJob: job ? { id: job.id, name: job.name, progressDone: job.progressDone, progressTotal: job.progressTotal } : null,
    };
  });
  return { ok: queue.ok && workers.length > 0, database: { ok: true }, queue, workers };
}

async function readQueueState(db: Db): Promise<Health['queue']> {
  try {
    const rows = await db.$queryRaw<Array<{ state: string; count: bigint }>>`
      SELECT state::text AS state, count(*) AS count FROM pgboss.job WHERE state IN ('created', 'retry', 'active') GROUP BY state`;
    const count = (s: string) => Number(rows.find((r) => r.state === s)?.count ?? 0);
    return { ok: true, queued: count('created') + count('retry'), running: count('active') };
  } catch (error) {
    return { ok: false, queued: 0, running: 0, error: `queue schema unavailable: ${message(error)}` };
  }
}
