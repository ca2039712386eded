import { startTsWorker } from '../runtime/start-ts-worker.ts';
import type { JobThreadInput, JobThreadMessage } from './job-thread-protocol.ts';

export interface RunningJobThread {
  /** Resolves with the handler's result; rejects with its error, or when the thread is stopped. */
  result: Promise<unknown>;
  stop(): Promise<void>;
}

const THREAD = new URL('./job-thread.ts', import.meta.url);

/** Runs a job handler in a worker thread so the process keeps its heartbeat while it computes. */
export function runJobInThread(input: JobThreadInput, onProgress: (done: number, total: number) => void): RunningJobThread {
  const worker = startTsWorker(THREAD, input);
  let stopped = false;
  const result = new Promise<unknown>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: JobThreadMessage) => {
      if (message.type === 'progress') onProgress(message.done, message.total);
      else if (message.type === 'result') { settled = true; resolve(message.value); }
      else { settled = true; reject(new Error(message.message)); }
    });
    worker.on('error', (error) => { settled = true; reject(error); });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(stopped ? 'stopped' : `job thread exited with code ${code}`));
    });
  });
  return {
    result,
    stop: async () => {
      stopped = true;
      await worker.terminate();
    },
  };
}
