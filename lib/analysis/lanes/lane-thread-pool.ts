import { createIdleThreadPool } from '../../runtime/idle-thread-pool.ts';
import { startTsWorker } from '../../runtime/start-ts-worker.ts';
import type { DependencyMatrixResult, AnalysisProgress, DependencyRow } from '../types.ts';
import type { WorkerMessage } from '../thread/thread-messages.ts';
import type { LaneRequest, LaneTask } from './lane-messages.ts';

const ENTRY_URL = new URL('./analysis-lane.worker.ts', import.meta.url);
/** An idle lane thread is kept this long for the next analysis of the process (starting one takes 0.1-0.5 s). */
const IDLE_MS = 60_000;

// an idle lane holds no session (the engine releases them), so it is simply terminated
const pool = createIdleThreadPool(() => startTsWorker(ENTRY_URL, {}), (worker) => worker.terminate(), IDLE_MS);

export interface LaneListeners {
  onRow: (row: DependencyRow) => void;
  onProgress: (progress: AnalysisProgress) => void;
}

/**
 * Runs one lane's task on a thread of the process's lane pool (a new one when none is idle). An
 * abort asks the lane to stop before its next session run, and the task then rejects; a thread
 * that fails or exits is not reused.
 */
export function runLaneTask(task: LaneTask, signal: AbortSignal, listeners: LaneListeners): Promise<DependencyMatrixResult> {
  return new Promise((resolve, reject) => {
    const worker = pool.take();
    const send = (request: LaneRequest) => worker.postMessage(request);
    const onAbort = () => send({ type: 'abort', reason: signal.reason instanceof Error ? signal.reason.message : String(signal.reason) });
    const detach = () => {
      worker.off('message', onReport).off('error', onError).off('exit', onExit);
      signal.removeEventListener('abort', onAbort);
    };
    const onReport = (report: WorkerMessage) => {
      if (report.type === 'row') return listeners.onRow(report.row);
      if (report.type === 'progress') return listeners.onProgress(report.progress);
      detach();
      pool.give(worker);
      if (report.type === 'matrix') resolve(report.result);
      else if (report.type === 'error') reject(Object.assign(new Error(report.message), { stack: report.stack }));
      else reject(new Error(`an analysis lane answered with ${report.type}`));
    };
    const onError = (error: Error) => {
      detach();
      reject(error);
    };
    const onExit = (code: number) => {
      detach();
      reject(new Error(`an analysis lane thread exited with code ${code} before finishing its rows`));
    };
    worker.on('message', onReport).once('error', onError).once('exit', onExit);
    signal.addEventListener('abort', onAbort, { once: true });
    send({ type: 'task', task });
    if (signal.aborted) onAbort();
  });
}
