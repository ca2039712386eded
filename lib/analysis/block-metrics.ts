import { computeDependencyMatrix, type DependencyMatrixOptions } from './dependency-matrix.ts';
import type { AnalysisTiming, BlockInfo, BlockMetrics } from './types.ts';

export type BlockMetricsOptions = Omit<DependencyMatrixOptions, 'rows' | 'onRow'>;

export interface BlockMetricsResult {
  blocks: BlockInfo[];
  /** dropOneKl is all null here: it comes with the matrix rows. */
  blockMetrics: BlockMetrics;
  timing: AnalysisTiming;
}

/**
 * Per-block metrics from one streamed forward pass (every block loaded once, on the intact stream
 * only), for jobs that compute only a range of matrix rows and still need the block metrics once.
 */
export async function computeBlockMetrics(options: BlockMetricsOptions): Promise<BlockMetricsResult> {
  const { blocks, blockMetrics, timing } = await computeDependencyMatrix({ ...options, rows: [] });
  return { blocks, blockMetrics, timing };
}
