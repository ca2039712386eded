import { startTsWorker } from '../runtime/start-ts-worker.ts';
import type { JobThreadInput, JobThreadMessage, JobThreadStop } from './job-thread-protocol.ts';

export interface RunningJobThread {
  /** Resolves with the handler's result; rejects with its error, or when the thread is stopped. */
  result: Promise<unknown>;
  /** Asks the handler to stop at its next abort check; terminates the thread if it does not within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const THREAD = new URL('./job-thread.ts', import.meta.url);

/** Runs a job handler in a worker thread so the process keeps its heartbeat while it computes. */
export function runJobInThread(input: JobThreadInput, onProgress: (done: number, total: number) => void): RunningJobThread {
  const worker = startTsWorker(THREAD, input);
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => { exited = true; resolve(); }));
  const result = new Promise<unknown>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: JobThreadMessage) => {
      if (message.type === 'progress') onProgress(message.done, message.total);
      else if (message.type === 'result') { settled = true; resolve(message.value); }
      else { settled = true; reject(new Error(message.message)); }
    });
    worker.on('error', (error) => { settled = true; reject(error); });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`job thread exited with code ${code}`));
    });
  });
  return {
    result,
    stop: async (graceMs = 15_000) => {
      if (exited) return;
      worker.postMessage({ type: 'stop' } satisfies JobThreadStop);
      const timer = setTimeout(() => void worker.terminate(), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
