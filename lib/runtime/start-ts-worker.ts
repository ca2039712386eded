import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./ts-worker-entry.mjs', import.meta.url);

/** A worker thread running a TypeScript module; the module reads its input from workerData. */
export function startTsWorker(module: URL, workerData: object): Worker {
  return new Worker(ENTRY, { workerData: { ...workerData, tsEntry: module.href } });
}
