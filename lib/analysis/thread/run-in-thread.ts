import { Worker } from 'node:worker_threads';
import type { DependencyMatrixOptions } from '../dependency-matrix.ts';
import type { BlockMetricsOptions, BlockMetricsResult } from '../block-metrics.ts';
import type { DependencyMatrixResult } from '../types.ts';
import type { ThreadTask, WorkerMessage } from './thread-messages.ts';

const BOOTSTRAP_URL = new URL('./worker-bootstrap.mjs', import.meta.url);
const ENTRY_URL = new URL('./dependency-analysis.worker.ts', import.meta.url).href;

/**
 * computeDependencyMatrix in a worker thread (onnxruntime's run() blocks its thread). Rows and
 * progress are streamed back; each row's onRow is awaited in order, and the result resolves once
 * the last onRow has settled. Aborting the signal terminates the worker and rejects with its reason.
 */
export function runDependencyAnalysisInThread(options: DependencyMatrixOptions): Promise<DependencyMatrixResult> {
  const { onRow, onProgress, signal, ...rest } = options;
  let rowsWritten: Promise<void> = Promise.resolve();
  return runTask<DependencyMatrixResult>({ kind: 'matrix', ...rest }, signal, (message, fail) => {
    if (message.type === 'row' && onRow) rowsWritten = rowsWritten.then(() => onRow(message.row));
    if (message.type === 'progress') onProgress?.(message.progress);
    if (message.type === 'matrix') return rowsWritten.then(() => message.result);
    if (message.type === 'row') rowsWritten.catch(fail);
    return undefined;
  });
}

/** computeBlockMetrics (intact pass only) in a worker thread. */
export function runBlockMetricsInThread(options: BlockMetricsOptions & { signal?: AbortSignal }): Promise<BlockMetricsResult> {
  const { signal, ...rest } = options;
  return runTask<BlockMetricsResult>({ kind: 'blockMetrics', ...rest }, signal, (message) =>
    message.type === 'blockMetrics' ? Promise.resolve(message.result) : undefined);
}

type Handler<T> = (message: WorkerMessage, fail: (error: unknown) => void) => Promise<T> | undefined;

function runTask<T>(task: ThreadTask, signal: AbortSignal | undefined, handle: Handler<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(BOOTSTRAP_URL, { workerData: { entry: ENTRY_URL, task } });
    let settled = false;
    let finalReceived = false;
    const finish = (error: unknown, value?: T) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error !== undefined) reject(error);
      else resolve(value as T);
    };
    const fail = (error: unknown) => finish(error ?? new Error('analysis failed'));
    const onAbort = () => finish(signal?.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (settled) return;
      if (message.type === 'error') return fail(Object.assign(new Error(message.message), { stack: message.stack }));
      const final = handle(message, fail);
      if (!final) return;
      finalReceived = true;
      final.then((value) => finish(undefined, value), fail);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!finalReceived) fail(new Error(`analysis worker exited with code ${code} before finishing`));
    });
  });
}
