import type { JobThreadPool } from './job-thread-pool.ts';
import type { JobThreadCommand, JobThreadInput, JobThreadMessage } from './job-thread-protocol.ts';

export interface RunningJobThread {
  /** Resolves with the handler's result; rejects with its error, or when the thread is stopped. */
  result: Promise<unknown>;
  /** Asks the handler to stop at its next abort check; terminates the thread if it does not within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs a job handler in a worker thread of the pool, so the process keeps its heartbeat while it
 * computes. The thread goes back to the pool once the handler has settled, unless it had to be
 * terminated.
 */
export function runJobInThread(pool: JobThreadPool, input: JobThreadInput, onProgress: (done: number, total: number) => void): RunningJobThread {
  const worker = pool.take();
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => { settle = resolve; });
  // settled: the thread may already run the next job, which a late stop must not reach
  let done = false;
  const result = new Promise<unknown>((resolve, reject) => {
    const onMessage = (message: JobThreadMessage) => {
      if (message.type === 'progress') return onProgress(message.done, message.total);
      finish();
      if (message.type === 'result') resolve(message.value);
      else reject(new Error(message.message));
      pool.give(worker);
    };
    const onError = (error: Error) => { finish(); reject(error); };
    const onExit = (code: number) => {
      finish();
      reject(new Error(`job thread exited with code ${code}`));
    };
    const finish = () => {
      done = true;
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      settle();
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  worker.postMessage({ type: 'run', input } satisfies JobThreadCommand);
  return {
    result,
    stop: async (graceMs = 15_000) => {
      if (done) return;
      worker.postMessage({ type: 'stop' } satisfies JobThreadCommand);
      const timer = setTimeout(() => void worker.terminate(), graceMs);
      await settled;
      clearTimeout(timer);
    },
  };
}
