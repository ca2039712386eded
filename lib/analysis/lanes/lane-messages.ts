import type { DependencyMatrixOptions } from '../dependency-matrix.ts';

/** One lane's share of an analysis: the engine's options without the callbacks, for its rows. */
export type LaneTask = Omit<DependencyMatrixOptions, 'onRow' | 'onProgress' | 'signal'> & { rows: number[] };

/** Parent to lane thread; the lane answers with thread/thread-messages.ts's WorkerMessage. */
export type LaneRequest = { type: 'task'; task: LaneTask } | { type: 'abort'; reason: string };
