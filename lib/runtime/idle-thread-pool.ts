import type { Worker } from 'node:worker_threads';

/** Worker threads kept between tasks: starting one loads its code again. */
export interface IdleThreadPool {
  /** An idle thread, or a new one. */
  take(): Worker;
  /** Hands back a thread whose task has settled cleanly (one that failed is simply not given back). */
  give(worker: Worker): void;
  /** Ends the idle threads; a thread still busy ends when it is given back. */
  close(): Promise<void>;
}

/**
 * A pool of threads started by `start` and ended by `end`. Idle threads do not keep the process
 * alive, and end after `idleMs` without a task; a thread that exits is forgotten.
 */
export function createIdleThreadPool(start: () => Worker, end: (worker: Worker) => Promise<unknown>, idleMs: number): IdleThreadPool {
  const idle = new Map<Worker, ReturnType<typeof setTimeout>>();
  const own = new Set<Worker>();
  let closed = false;
  return {
    take() {
      for (const [worker, timer] of idle) {
        clearTimeout(timer);
        idle.delete(worker);
        worker.ref();
        return worker;
      }
      const worker = start();
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
