import type { ExecutionProvider } from '../execution-provider.ts';
import type { AnalysisProgress, DependencyMatrixResult, DependencyRow } from '../types.ts';
import type { BlockMetricsResult } from '../block-metrics.ts';

/** Options that cross into the worker (no callbacks, no signal). */
export interface ThreadTask {
  kind: 'matrix' | 'blockMetrics';
  modelPath: string;
  tokens: BigInt64Array;
  seqLen: number;
  rows?: number[];
  intraOpThreads?: number;
  executionProvider?: ExecutionProvider;
  memoryBudgetBytes?: number;
}

export type WorkerMessage =
  | { type: 'row'; row: DependencyRow }
  | { type: 'progress'; progress: AnalysisProgress }
  | { type: 'matrix'; result: DependencyMatrixResult }
  | { type: 'blockMetrics'; result: BlockMetricsResult }
  | { type: 'error'; message: string; stack?: string };
