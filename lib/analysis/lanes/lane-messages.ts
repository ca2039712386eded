import type { DependencyMatrixOptions } from '../dependency-matrix.ts';
import type { AnalysisProgress, DependencyMatrixResult, DependencyRow } from '../types.ts';

/** One lane's share of an analysis: the engine's options without the callbacks, for its rows. */
export type LaneTask = Omit<DependencyMatrixOptions, 'onRow' | 'onProgress' | 'signal'> & { rows: number[] };

/** Parent to lane thread. */
export type LaneRequest = { type: 'task'; task: LaneTask } | { type: 'abort'; reason: string };

/** Lane thread to parent, for the task in hand. */
export type LaneReport =
  | { type: 'row'; row: DependencyRow }
  | { type: 'progress'; progress: AnalysisProgress }
  | { type: 'matrix'; result: DependencyMatrixResult }
  | { type: 'error'; message: string; stack?: string };
