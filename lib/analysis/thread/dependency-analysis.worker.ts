import { parentPort, workerData } from 'node:worker_threads';
import { computeDependencyMatrix } from '../dependency-matrix.ts';
import { computeBlockMetrics } from '../block-metrics.ts';
import type { ThreadTask, WorkerMessage } from './thread-messages.ts';

/** Worker thread entry: runs one analysis task and streams rows and progress to the parent. */
const port = parentPort;
if (!port) throw new Error('dependency-analysis.worker.ts must run in a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);
const task = (workerData as { task: ThreadTask }).task;
// the parent asks to stop instead of terminating the thread, which must not happen inside an ORT run
const stop = new AbortController();
port.on('message', (message: { type: string; reason?: string }) => {
  if (message.type === 'abort') stop.abort(new Error(message.reason ?? 'aborted'));
});
port.unref();

try {
  if (task.kind === 'blockMetrics') {
    post({ type: 'blockMetrics', result: await computeBlockMetrics({ ...task, signal: stop.signal }) });
  } else {
    const result = await computeDependencyMatrix({
      ...task,
      signal: stop.signal,
      onRow: (row) => post({ type: 'row', row }),
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'matrix', result });
  }
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', message: e.message, stack: e.stack });
}
