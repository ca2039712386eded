import type { Worker } from 'node:worker_threads';
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

export interface JobThreadPool {
  /** An idle thread, or a new one. */
  take(): Worker;
  /** Hands back a thread whose job has settled. */
  give(worker: Worker): void;
  /** Ends the idle threads; a thread still busy ends when it is given back. */
  close(): Promise<void>;
}

export function createJobThreadPool(databaseUrl: string, idleMs = IDLE_MS): JobThreadPool {
  const idle = new Map<Worker, ReturnType<typeof setTimeout>>();
  const own = new Set<Worker>();
  let closed = false;
  const end = async (worker: Worker) => {
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies JobThreadCommand);
    // a thread that does not close within a few seconds is stopped the hard way
    const timer = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    take() {
      for (const [worker, timer] of idle) {
        clearTimeout(timer);
        idle.delete(worker);
        worker.ref();
        return worker;
      }
      const worker = startTsWorker(THREAD, { databaseUrl } satisfies JobThreadData);
      own.add(worker);
      worker.once('exit', () => { idle.delete(worker); own.delete(worker); });
      return worker;
    },
    give(worker) {
      if (!own.has(worker)) return;
      if (closed) {
        void end(worker);
        return;
      }
      worker.unref();
      const timer = setTimeout(() => {
        idle.delete(worker);
        void end(worker);
      }, idleMs);
      timer.unref();
      idle.set(worker, timer);
    },
    async close() {
      closed = true;
      const ending = [...idle.keys()];
      for (const timer of idle.values()) clearTimeout(timer);
      idle.clear();
      await Promise.all(ending.map(end));
    },
  };
}
