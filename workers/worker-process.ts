import type PgBoss from 'pg-boss';
import { createPrismaClient, type Db } from '../lib/db/prisma-client.ts';
import { startQueue } from '../lib/jobs/create-queue.ts';
import { jobDefinitions } from '../lib/jobs/definitions/index.ts';
import { executeJob, type ActiveJob } from './execute-job.ts';
import { createJobThreadPool } from '../lib/jobs/job-thread-pool.ts';
import { HEARTBEAT_MS, WORKER_STALE_MS } from '../lib/jobs/job-timing.ts';
import { reclaimAbandonedJobs } from '../lib/jobs/reclaim-abandoned-jobs.ts';
import { markWorkerStopped, newWorkerId, recordHeartbeat, registerWorker } from '../lib/jobs/worker-registry.ts';

export interface WorkerProcessOptions {
  databaseUrl: string;
  dataDir: string;
  log?: (line: string) => void;
}

export interface WorkerProcess {
  id: string;
  stop(): Promise<void>;
}

/** Takes jobs one at a time from every queue, runs each in a worker thread (kept for the next job), and keeps a heartbeat. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const db = createPrismaClient(options.databaseUrl, 4);
  const boss = await startQueue(options.databaseUrl);
  for (const definition of jobDefinitions) await boss.createQueue(definition.name);
  const id = newWorkerId();
  await registerWorker(db, id);
  let active: ActiveJob | null = null;
  let stopping = false;
  const threads = createJobThreadPool(options.databaseUrl);

  const heartbeat = setInterval(() => {
    void beat(db, boss, id, () => active).catch((e) => log(`worker ${id}: heartbeat failed: ${String(e)}`));
  }, HEARTBEAT_MS);

  const loop = (async () => {
    while (!stopping) {
      const job = await fetchNext(boss);
      if (!job) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      active = { job, thread: null, cancelled: false, interrupted: false };
      await recordHeartbeat(db, id, job.id);
      await executeJob({ db, boss, workerId: id, dataDir: options.dataDir, active, threads, log });
      active = null;
      await recordHeartbeat(db, id, null);
    }
  })();

  log(`worker ${id} started`);
  return {
    id,
    stop: async () => {
      stopping = true;
      clearInterval(heartbeat);
      const current = active as ActiveJob | null;
      if (current?.thread) {
        current.interrupted = true;
        await current.thread.stop();
      }
      await loop.catch(() => {});
      await threads.close();
      await markWorkerStopped(db, id).catch(() => {});
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      await db.$disconnect();
    },
  };
}

async function fetchNext(boss: PgBoss): Promise<PgBoss.JobWithMetadata<unknown> | null> {
  for (const definition of jobDefinitions) {
    const [job] = await boss.fetch<unknown>(definition.name, { batchSize: 1, includeMetadata: true });
    if (job) return job;
  }
  return null;
}

async function beat(db: Db, boss: PgBoss, id: string, current: () => ActiveJob | null): Promise<void> {
  const active = current();
  await recordHeartbeat(db, id, active?.job.id ?? null);
  if (active?.thread) {
    const row = await db.job.findUnique({ where: { id: active.job.id }, select: { state: true } });
    if (row?.state === 'cancelled') {
      active.cancelled = true;
      await active.thread.stop();
    }
  }
  await reclaimAbandonedJobs(db, boss, WORKER_STALE_MS);
}
