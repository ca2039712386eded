import { withAnalysisEngine, type AnalysisEngine } from './with-analysis-engine.ts';
import { runIntactPass } from './intact-pass.ts';
import { measureIntactStream } from './intact-stream-measurements.ts';
import { createProgressTracker } from './progress-tracker.ts';
import { emptyTiming, roundTiming, timed } from './timing.ts';
import type { AnalysisProgress, DependencyMatrixResult, DependencyRow } from './types.ts';
import { runVariant } from './variant-run.ts';
import { countBlockEvaluations, normalizeRows, variantEvaluations } from './matrix-rows.ts';
import { blockInfos } from './analysis-input.ts';
import { chooseAnalysisLanes } from './lanes/choose-analysis-lanes.ts';
import { computeDependencyMatrixInLanes } from './lanes/compute-matrix-in-lanes.ts';

export interface DependencyMatrixOptions {
  modelPath: string;
  /** Calibration token ids, [sequences * seqLen], sequence after sequence. */
  tokens: BigInt64Array;
  seqLen: number;
  /** Dropped-block indices to compute (default: all). */
  rows?: number[];
  /** ORT intra-op threads (default: ORT's choice, all cores); with lanes, all lanes' together. */
  intraOpThreads?: number;
  /**
   * Engines sharing the rows, each in its own thread with its share of the threads and its own
   * intact pass (lanes/choose-analysis-lanes.ts). Default: from 8 threads on, one per 8 threads and
   * at least two, as far as half the free memory holds them; 1: this thread only.
   */
  lanes?: number;
  /** Folder of optimized chain models kept between runs (see optimized-session-cache.ts); none: no caching. */
  sessionCacheDir?: string;
  /** Called (and awaited) with each finished row, in ascending row order (one call at a time). */
  onRow?: (row: DependencyRow) => Promise<void> | void;
  onProgress?: (progress: AnalysisProgress) => void;
  signal?: AbortSignal;
}

/**
 * The FFN Fusion dependency matrix, fast: the prologue once, the intact stream X_0..X_L once
 * (L block evaluations), then for each dropped block i one run that starts from X_i and evaluates
 * blocks i+1..L-1: L(L+1)/2 block evaluations for all rows instead of the L(L+1) of (L+1) full
 * passes.
 */
export async function computeDependencyMatrix(options: DependencyMatrixOptions): Promise<DependencyMatrixResult> {
  const lanes = chooseAnalysisLanes(options);
  if (lanes) return computeDependencyMatrixInLanes(options, lanes);
  const startedAt = performance.now();
  const referencesFrom = (L: number) => firstMeasuredBlock(normalizeRows(options.rows, L), L);
  return withAnalysisEngine({ ...options, referencesFrom }, emptyTiming(), (engine) => computeWithSessions(options, engine, startedAt));
}

async function computeWithSessions(
  options: DependencyMatrixOptions, { structure, buildFeeds, runner, settings, memory }: AnalysisEngine, startedAt: number,
): Promise<DependencyMatrixResult> {
  const L = structure.blocks.length;
  const rows = normalizeRows(options.rows, L);
  const evaluationsTotal = countBlockEvaluations(rows, L);
  const progress = createProgressTracker(rows.length, evaluationsTotal, startedAt);
  const intact = await runIntactPass(runner, buildFeeds, options.tokens, memory);
  progress.addIntactEvaluations(L);
  const { blockMetrics, references } = await timed(runner.timing, 'metricsMs', async () =>
    measureIntactStream(settings, intact.stream, [runner.sequences, runner.seqLen, runner.hidden], firstMeasuredBlock(rows, L), await memory.references));
  options.onProgress?.(progress.snapshot());
  const matrix: Array<Array<number | null>> = Array.from({ length: L }, () => new Array(L).fill(null));
  if (rows.length > 0) {
    const context = { runner, intact, references, full: intact.full };
    for (const index of rows) {
      const row = await runVariant(context, index);
      matrix[index] = row.values;
      blockMetrics.dropOneKl[index] = row.dropOneKl;
      progress.addEvaluations(variantEvaluations(index, L));
      await options.onRow?.(row);
      options.signal?.throwIfAborted();
      progress.addRows(1);
      options.onProgress?.(progress.snapshot());
    }
  }
  runner.timing.totalMs = performance.now() - startedAt;
  return {
    blocks: blockInfos(structure), matrix, rows, blockMetrics, timing: roundTiming(runner.timing),
    blockEvaluations: { performed: evaluationsTotal, naive: L * (L + 1) },
    hiddenSize: runner.hidden, sequences: runner.sequences, seqLen: runner.seqLen, sessionCache: runner.sessions.cacheUse,
    lanes: { count: 1, threadsPerLane: options.intraOpThreads ?? null },
  };
}

/** The first block a variant of these rows is measured at (L: none). */
function firstMeasuredBlock(rows: number[], L: number): number {
  return rows.length > 0 ? rows[0] + 1 : L;
}
