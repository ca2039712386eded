import { computeDependencyMatrix, type DependencyMatrixOptions } from '../dependency-matrix.ts';
import type { WorkerMessage } from './thread-messages.ts';

/** Runs the engine in a worker thread, posting its rows and progress as they come, then its result or its error. */
export async function postDependencyMatrix(options: Omit<DependencyMatrixOptions, 'onRow' | 'onProgress'>, post: (message: WorkerMessage) => void): Promise<void> {
  try {
    const result = await computeDependencyMatrix({
      ...options,
      onRow: (row) => post({ type: 'row', row }),
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'matrix', result });
  } catch (error) {
    postError(error, post);
  }
}

export function postError(error: unknown, post: (message: WorkerMessage) => void): void {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', message: e.message, stack: e.stack });
}
