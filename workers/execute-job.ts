import type PgBoss from 'pg-boss';
import type { Db } from '../lib/db/prisma-client.ts';
import { jobDefinitionByName } from '../lib/jobs/definitions/index.ts';
import { runJobInThread, type RunningJobThread } from '../lib/jobs/run-job-in-thread.ts';
import type { JobThreadPool } from '../lib/jobs/job-thread-pool.ts';

export interface ActiveJob {
  job: PgBoss.JobWithMetadata<unknown>;
  thread: RunningJobThread | null;
  cancelled: boolean;
  /** Set when the worker shuts down mid-job: the job goes back to the queue. */
  interrupted: boolean;
}

interface ExecuteJobOptions {
  db: Db;
  boss: PgBoss;
  workerId: string;
  dataDir: string;
  active: ActiveJob;
  threads: JobThreadPool;
  log: (line: string) => void;
}

const PROGRESS_WRITE_MS = 500;

export async function executeJob(options: ExecuteJobOptions): Promise<void> {
  const { db, boss, active, log } = options;
  const { job } = active;
  const definition = jobDefinitionByName(job.name);
  const attempt = job.retryCount + 1;
  const parsed = definition?.payloadSchema.safeParse(job.data);
  if (!definition || !parsed?.success) {
    const error = definition ? `invalid payload: ${parsed?.error?.message}` : `no job definition named ${job.name}`;
    await boss.fail(job.name, job.id, { message: error });
    await db.job.updateMany({ where: { id: job.id }, data: { state: 'failed', error, finishedAt: new Date() } });
    return;
  }
  const claimed = await db.job.updateMany({
    where: { id: job.id, state: { in: ['queued', 'running'] } },
    data: { state: 'running', attempts: attempt, workerId: options.workerId, startedAt: new Date(), finishedAt: null },
  });
  if (claimed.count === 0) return;
  log(`job ${job.name} ${job.id}: attempt ${attempt} started`);
  let lastWrite = 0;
  let pending: Promise<unknown> = Promise.resolve();
  active.thread = runJobInThread(
    options.threads,
    { handlerModule: definition.handlerModule, jobId: job.id, payload: parsed.data, attempt, dataDir: options.dataDir },
    (done, total) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_WRITE_MS && done < total) return;
      lastWrite = now;
      pending = pending.then(() => db.job.update({ where: { id: job.id }, data: { progressDone: done, progressTotal: total } })).catch(() => {});
    },
  );
  try {
    const result = await active.thread.result;
    await pending;
    await boss.complete(job.name, job.id, { value: result ?? null });
    await db.job.update({ where: { id: job.id }, data: { state: 'succeeded', result: (result ?? undefined) as object | undefined, finishedAt: new Date(), error: null } });
    log(`job ${job.name} ${job.id}: succeeded`);
  } catch (error) {
    await pending;
    if (active.cancelled) {
      log(`job ${job.name} ${job.id}: cancelled`);
      await definition.onGivenUp?.(db, parsed.data, { state: 'cancelled' });
      return;
    }
    if (active.interrupted) {
      await boss.fail(job.name, job.id, { message: `worker ${options.workerId} shut down` });
      await db.job.update({ where: { id: job.id }, data: { state: 'queued', error: `worker ${options.workerId} shut down mid-job; queued again`, workerId: null } });
      log(`job ${job.name} ${job.id}: interrupted by shutdown, queued again`);
      return;
    }
    await settleFailure(options, definition.retryLimit, error instanceof Error ? error.message : String(error));
  }
}

async function settleFailure(options: ExecuteJobOptions, retryLimit: number, message: string): Promise<void> {
  const { db, boss, active, log } = options;
  const { job } = active;
  await boss.fail(job.name, job.id, { message });
  const retrying = job.retryCount < retryLimit;
  await db.job.update({
    where: { id: job.id },
    data: { state: retrying ? 'queued' : 'failed', error: message, finishedAt: retrying ? null : new Date() },
  });
  log(`job ${job.name} ${job.id}: failed${retrying ? ' (will retry)' : ''}: ${message}`);
  if (!retrying) {
    const definition = jobDefinitionByName(job.name);
    await definition?.onGivenUp?.(db, job.data as never, { state: 'failed', error: message });
  }
}
