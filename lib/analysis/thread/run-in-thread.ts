import { startTsWorker } from '../../runtime/start-ts-worker.ts';
import type { DependencyMatrixOptions } from '../dependency-matrix.ts';
import type { BlockMetricsOptions, BlockMetricsResult } from '../block-metrics.ts';
import type { DependencyMatrixResult } from '../types.ts';
import type { ThreadTask, WorkerMessage } from './thread-messages.ts';

const ENTRY_URL = new URL('./dependency-analysis.worker.ts', import.meta.url);

/**
 * computeDependencyMatrix in a worker thread (onnxruntime's run() blocks its thread). Rows and
 * progress are streamed back; each row's onRow is awaited in order, and the result resolves once
 * the last onRow has settled. Aborting the signal stops the worker (between session runs) and
 * rejects with its reason.
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

/**
 * Runs a task in a new worker. A failure or an abort asks the worker to stop (it checks before
 * every session run) and settles once it has exited: terminating a thread inside an onnxruntime
 * run kills the whole process.
 */
function runTask<T>(task: ThreadTask, signal: AbortSignal | undefined, handle: Handler<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = startTsWorker(ENTRY_URL, { task });
    let outcome: { error: unknown } | { value: T } | null = null;
    let exited = false;
    let finalReceived = false;
    const settle = () => {
      if (!outcome || !exited) return;
      signal?.removeEventListener('abort', onAbort);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value);
    };
    const finish = (result: { error: unknown } | { value: T }) => {
      if (outcome) return;
      outcome = result;
      if ('error' in result && !exited) worker.postMessage({ type: 'abort', reason: String(result.error) });
      settle();
    };
    const fail = (error: unknown) => finish({ error: error ?? new Error('analysis failed') });
    const onAbort = () => fail(signal?.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (outcome) return;
      if (message.type === 'error') return fail(Object.assign(new Error(message.message), { stack: message.stack }));
      const final = handle(message, fail);
      if (!final) return;
      finalReceived = true;
      final.then((value) => finish({ value }), fail);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      exited = true;
      if (!finalReceived) fail(new Error(`analysis worker exited with code ${code} before finishing`));
      settle();
    });
  });
}
