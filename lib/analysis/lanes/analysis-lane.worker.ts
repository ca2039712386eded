import { parentPort } from 'node:worker_threads';
import { computeDependencyMatrix } from '../dependency-matrix.ts';
import type { LaneReport, LaneRequest, LaneTask } from './lane-messages.ts';

/**
 * A lane thread: runs the engine for one task after another (lane-thread-pool.ts keeps it between
 * analyses), streaming rows and progress. Asked to stop, the engine stops before its next session
 * run; the thread itself is never terminated inside an onnxruntime run.
 */
const port = parentPort;
if (!port) throw new Error('analysis-lane.worker.ts must run in a worker thread');
const post = (report: LaneReport) => port.postMessage(report);
let stop: AbortController | null = null;

port.on('message', (request: LaneRequest) => {
  if (request.type === 'abort') stop?.abort(new Error(request.reason));
  else void run(request.task);
});

async function run(task: LaneTask): Promise<void> {
  stop = new AbortController();
  try {
    const result = await computeDependencyMatrix({
      ...task, lanes: 1, signal: stop.signal,
      onRow: (row) => post({ type: 'row', row }),
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'matrix', result });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', message: e.message, stack: e.stack });
  } finally {
    stop = null;
  }
}
