import { blockInfos } from './analysis-input.ts';
import { runIntactPass } from './intact-pass.ts';
import { measureIntactStream } from './intact-stream-measurements.ts';
import { emptyTiming, roundTiming, timed } from './timing.ts';
import type { AnalysisTiming, BlockInfo, BlockMetrics } from './types.ts';
import { withAnalysisEngine } from './with-analysis-engine.ts';

export interface BlockMetricsOptions {
  modelPath: string;
  tokens: BigInt64Array;
  seqLen: number;
  intraOpThreads?: number;
  sessionCacheDir?: string;
  signal?: AbortSignal;
}

export interface BlockMetricsResult {
  blocks: BlockInfo[];
  /** dropOneKl is all null here: it comes with the matrix rows. */
  blockMetrics: BlockMetrics;
  timing: AnalysisTiming;
}

/**
 * Per-block metrics from one intact pass (prologue + one chain run), for jobs that compute only a
 * range of matrix rows and still need the block metrics once.
 */
export async function computeBlockMetrics(options: BlockMetricsOptions): Promise<BlockMetricsResult> {
  const startedAt = performance.now();
  const timing = emptyTiming();
  return withAnalysisEngine(options, timing, async ({ structure, buildFeeds, runner, settings, memory }) => {
    const intact = await runIntactPass(runner, buildFeeds, options.tokens, memory);
    const L = intact.stream.length - 1;
    const { blockMetrics } = await timed(timing, 'metricsMs', () => measureIntactStream(settings, intact.stream, [runner.sequences, runner.seqLen, runner.hidden], L));
    timing.totalMs = performance.now() - startedAt;
    return { blocks: blockInfos(structure), blockMetrics, timing: roundTiming(timing) };
  });
}
