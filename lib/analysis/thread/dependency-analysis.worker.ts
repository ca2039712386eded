import { parentPort, workerData } from 'node:worker_threads';
import { computeBlockMetrics } from '../block-metrics.ts';
import { postDependencyMatrix, postError } from './post-dependency-matrix.ts';
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

if (task.kind === 'blockMetrics') {
  try {
    post({ type: 'blockMetrics', result: await computeBlockMetrics({ ...task, signal: stop.signal }) });
  } catch (error) {
    postError(error, post);
  }
} else {
  await postDependencyMatrix({ ...task, signal: stop.signal }, post);
}
