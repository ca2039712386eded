import { openDecoder } from './decoder-source.ts';
import { blockMetricsFromStream } from './block-metrics-from-stream.ts';
import { blockInfos, validateTokens } from './analysis-input.ts';
import { runIntactPass } from './intact-pass.ts';
import { createStageSessions, releaseStageSessions } from './stage-sessions.ts';
import { createMeasurementHeads, releaseMeasurementHeads } from './heads/measurement-heads.ts';
import { emptyTiming, roundTiming, timed } from './timing.ts';
import type { AnalysisTiming, BlockInfo, BlockMetrics } from './types.ts';

export interface BlockMetricsOptions {
  modelPath: string;
  tokens: BigInt64Array;
  seqLen: number;
  intraOpThreads?: number;
  signal?: AbortSignal;
}

export interface BlockMetricsResult {
  blocks: BlockInfo[];
  /** dropOneKl is all null here: it comes with the matrix rows. */
  blockMetrics: BlockMetrics;
  timing: AnalysisTiming;
}

/**
 * Per-block metrics from one intact pass (prologue + L blocks), for jobs that compute only a
 * range of matrix rows and still need the block metrics once.
 */
export async function computeBlockMetrics(options: BlockMetricsOptions): Promise<BlockMetricsResult> {
  const startedAt = performance.now();
  const timing = emptyTiming();
  const decoder = await timed(timing, 'setupMs', () => openDecoder(options.modelPath, options.seqLen));
  const sequences = validateTokens(options.tokens, options.seqLen, decoder.structure);
  const settings = { intraOpThreads: options.intraOpThreads };
  const sessions = await timed(timing, 'setupMs', () => createStageSessions(decoder.partition, settings));
  const heads = await timed(timing, 'setupMs', () => createMeasurementHeads(settings));
  try {
    const hidden = decoder.structure.hiddenSize;
    const runner = { sessions, sequences, seqLen: options.seqLen, hidden, timing, signal: options.signal };
    const intact = await runIntactPass(runner, decoder.buildFeeds, options.tokens, false);
    const blockMetrics = await timed(timing, 'metricsMs', () => blockMetricsFromStream(heads, intact.stream, hidden));
    timing.totalMs = performance.now() - startedAt;
    return { blocks: blockInfos(decoder.structure), blockMetrics, timing: roundTiming(timing) };
  } finally {
    await releaseStageSessions(sessions);
    await releaseMeasurementHeads(heads);
  }
}
