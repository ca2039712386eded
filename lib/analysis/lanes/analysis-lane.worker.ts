import { parentPort } from 'node:worker_threads';
import { postDependencyMatrix } from '../thread/post-dependency-matrix.ts';
import type { WorkerMessage } from '../thread/thread-messages.ts';
import type { LaneRequest } from './lane-messages.ts';

/**
 * A lane thread: runs the engine for one task after another (lane-thread-pool.ts keeps it between
 * analyses), streaming rows and progress. Asked to stop, the engine stops before its next session
 * run; the thread itself is never terminated inside an onnxruntime run.
 */
const port = parentPort;
if (!port) throw new Error('analysis-lane.worker.ts must run in a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);
let stop: AbortController | null = null;

port.on('message', (request: LaneRequest) => {
  if (request.type === 'abort') {
    stop?.abort(new Error(request.reason));
    return;
  }
  const current = new AbortController();
  stop = current;
  void postDependencyMatrix({ ...request.task, lanes: 1, signal: current.signal }, post).finally(() => {
    if (stop === current) stop = null;
  });
});
