import type { OpenedDecoder } from './decoder-source.ts';
import { withAnalysisEngine } from './with-analysis-engine.ts';
import { blockMetricsFromStream } from './block-metrics-from-stream.ts';
import { runIntactPass } from './intact-pass.ts';
import { createSideValueCache } from './prologue-runner.ts';
import { createProgressTracker } from './progress-tracker.ts';
import { logProbabilities, type MeasurementHeads } from './heads/measurement-heads.ts';
import { referenceCache } from './reference-contribution-cache.ts';
import type { StageRunner } from './stage-runner.ts';
import { emptyTiming, roundTiming, timed } from './timing.ts';
import type { AnalysisProgress, DependencyMatrixResult, DependencyRow } from './types.ts';
import { DEFAULT_VARIANT_MEMORY_BUDGET, defaultVariantBatch } from './variant-budget.ts';
import { runVariantGroup } from './variant-group.ts';
import { countBlockEvaluations, normalizeRows, planVariantGroups } from './variant-plan.ts';
import { blockInfos } from './analysis-input.ts';

export interface DependencyMatrixOptions {
  modelPath: string;
  /** Calibration token ids, [sequences * seqLen], sequence after sequence. */
  tokens: BigInt64Array;
  seqLen: number;
  /** Dropped-block indices to compute (default: all). */
  rows?: number[];
  /** ORT intra-op threads (default: ORT's choice, all cores). */
  intraOpThreads?: number;
  /** Most variants stacked into one block run; default: ~8192 tokens per run, within memoryBudgetBytes. */
  maxVariantBatch?: number;
  /** Working-memory budget of one stacked block run (default 512 MiB). */
  memoryBudgetBytes?: number;
  /** Called (and awaited) with each finished row, in ascending row order. */
  onRow?: (row: DependencyRow) => Promise<void> | void;
  onProgress?: (progress: AnalysisProgress) => void;
  signal?: AbortSignal;
}

/**
 * The FFN Fusion dependency matrix, fast: the prologue once, the intact stream X_0..X_L once
 * (L block evaluations), then for each dropped block i a variant that starts from X_i and runs
 * blocks i+1..L-1, variants meeting at the same block stacked into one run: L(L+1)/2 block
 * evaluations for all rows instead of the L(L+1) of (L+1) full passes.
 */
export async function computeDependencyMatrix(options: DependencyMatrixOptions): Promise<DependencyMatrixResult> {
  const startedAt = performance.now();
  return withAnalysisEngine(options, emptyTiming(), ({ decoder, runner, heads }) => computeWithSessions(options, decoder, runner, heads, startedAt));
}

async function computeWithSessions(
  options: DependencyMatrixOptions, decoder: OpenedDecoder, runner: StageRunner, heads: MeasurementHeads, startedAt: number,
): Promise<DependencyMatrixResult> {
  const L = decoder.structure.blocks.length;
  const rows = normalizeRows(options.rows, L);
  const variantBatch = options.maxVariantBatch ?? defaultVariantBatch(options.memoryBudgetBytes ?? DEFAULT_VARIANT_MEMORY_BUDGET, {
    sequences: runner.sequences, seqLen: runner.seqLen, hiddenSize: runner.hidden, maxFfnWidth: decoder.maxFfnWidth,
  });
  const evaluationsTotal = countBlockEvaluations(rows, L);
  const progress = createProgressTracker(rows.length, evaluationsTotal, startedAt);
  const intact = await runIntactPass(runner, decoder.buildFeeds, options.tokens, rows.length > 0);
  progress.addIntactEvaluations(L);
  const blockMetrics = await timed(runner.timing, 'metricsMs', () => blockMetricsFromStream(heads, intact.stream, runner.hidden));
  options.onProgress?.(progress.snapshot());
  const sidesFor = createSideValueCache(runner, decoder.buildFeeds, options.tokens, intact.sides);
  const matrix: Array<Array<number | null>> = Array.from({ length: L }, () => new Array(L).fill(null));
  if (rows.length === 0) return finish(decoder, runner, rows, matrix, blockMetrics, evaluationsTotal, 1, startedAt);
  const fullLogProbs = await timed(runner.timing, 'metricsMs', () => logProbabilities(heads, intact.logits as Float32Array, intact.vocab));
  const referenceFor = referenceCache(heads, intact, runner.hidden);
  const groupContext = { runner, intact, sidesFor, heads, referenceFor, fullLogProbs, onEvaluations: (n: number) => {
    progress.addEvaluations(n);
    options.onProgress?.(progress.snapshot());
  } };
  for (const group of planVariantGroups(rows, variantBatch)) {
    for (const row of await runVariantGroup(groupContext, group)) {
      matrix[row.index] = row.values;
      blockMetrics.dropOneKl[row.index] = row.dropOneKl;
      await options.onRow?.(row);
      options.signal?.throwIfAborted();
      progress.addRows(1);
    }
    options.onProgress?.(progress.snapshot());
  }
  return finish(decoder, runner, rows, matrix, blockMetrics, evaluationsTotal, variantBatch, startedAt);
}

function finish(
  decoder: OpenedDecoder, runner: StageRunner, rows: number[], matrix: Array<Array<number | null>>,
  blockMetrics: DependencyMatrixResult['blockMetrics'], evaluationsTotal: number, variantBatch: number, startedAt: number,
): DependencyMatrixResult {
  const L = decoder.structure.blocks.length;
  runner.timing.totalMs = performance.now() - startedAt;
  return {
    blocks: blockInfos(decoder.structure), matrix, rows, blockMetrics, timing: roundTiming(runner.timing),
    blockEvaluations: { performed: evaluationsTotal, naive: L * (L + 1) },
    hiddenSize: runner.hidden, sequences: runner.sequences, seqLen: runner.seqLen, variantBatch,
  };
}
