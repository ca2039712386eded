import type { Worker } from 'node:worker_threads';
import { createIdleThreadPool, type IdleThreadPool } from '../runtime/idle-thread-pool.ts';
import { startTsWorker } from '../runtime/start-ts-worker.ts';
import type { JobThreadCommand, JobThreadData } from './job-thread-protocol.ts';

const THREAD = new URL('./job-thread.ts', import.meta.url);

/**
 * The job threads of one worker process, all serving its database. A thread that finished its job cleanly is kept for the
 * next one: starting a thread loads the job code and its database client again (0.6–0.7 s, on
 * every row-range job of an analysis). A thread whose job had to be terminated is not kept. Idle
 * threads do not keep the process alive, and end after 30 s without a job: the arrays a finished
 * analysis leaves for the garbage collector are freed with the thread, since an idle thread
 * allocates nothing that would make it collect them.
 */
const IDLE_MS = 30_000;

export type JobThreadPool = IdleThreadPool;

export function createJobThreadPool(databaseUrl: string, idleMs = IDLE_MS): JobThreadPool {
  return createIdleThreadPool(() => startTsWorker(THREAD, { databaseUrl } satisfies JobThreadData), closeJobThread, idleMs);
}

/** Asks the thread to close its database client and end; one that does not within a few seconds is stopped the hard way. */
async function closeJobThread(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage({ type: 'close' } satisfies JobThreadCommand);
  const timer = setTimeout(() => void worker.terminate(), 5_000);
  await exited;
  clearTimeout(timer);
}
