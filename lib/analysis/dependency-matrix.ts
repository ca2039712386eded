import * as ort from 'onnxruntime-node';
import { WeightStaging } from '../onnx/runnable-model.ts';
import { collectGarbage } from '../runtime/collect-garbage.ts';
import { pickInputs, runPrologue } from '../streaming/staged-decoder.ts';
import { blockInfos, validateTokens } from './analysis-input.ts';
import { openDecoder } from './decoder-source.ts';
import { ensureExecutionProvider, type ExecutionProvider } from './execution-provider.ts';
import { meanCosineDistance } from './math/cosine-distance.ts';
import { meanNormRatio } from './math/norm-ratio.ts';
import { measuredBlock, measuredEpilogue } from './measured-stages.ts';
import { availableMemoryBytes } from './memory/available-memory.ts';
import { planAnalysisMemory, type AnalysisMemoryPlan } from './memory/analysis-memory-plan.ts';
import { stageWeightBytes } from './memory/stage-weight-bytes.ts';
import { countBlockEvaluations, normalizeRows } from './matrix-rows.ts';
import { createProgressTracker } from './progress-tracker.ts';
import type { SideValues } from './side-values.ts';
import { createStageSession } from './stage-session.ts';
import type { SessionSettings } from './session-settings.ts';
import { emptyTiming, roundTiming, timed } from './timing.ts';
import type { AnalysisProgress, BlockMetrics, BlockTiming, DependencyMatrixResult, DependencyRow } from './types.ts';

export interface DependencyMatrixOptions {
  modelPath: string;
  /** Calibration token ids, [sequences * seqLen], sequence after sequence. */
  tokens: BigInt64Array;
  seqLen: number;
  /** Dropped-block indices to compute (default: all; [] for the block metrics alone). */
  rows?: number[];
  /** ORT intra-op threads (default: ORT's choice, one per physical core). */
  intraOpThreads?: number;
  executionProvider?: ExecutionProvider;
  /** Memory the analysis may use (default: what the machine, or the process's cgroup, has available now). */
  memoryBudgetBytes?: number;
  /** Called (and awaited) with each finished row, in ascending row order (one call at a time). */
  onRow?: (row: DependencyRow) => Promise<void> | void;
  onProgress?: (progress: AnalysisProgress) => void;
  signal?: AbortSignal;
}

/** Stages at least this large are followed by a garbage collection (collect-garbage.ts); below, its cost is not worth it. */
const LARGE_STAGE_BYTES = 16 * 2 ** 20;

/** A variant: the stream of the model with block `row` dropped, at the block the loop has reached. */
interface Variant {
  row: number;
  stream: Float32Array;
}

/**
 * The FFN Fusion dependency matrix by block-major streaming (lib/analysis/DEPENDENCY-MATRIX.md):
 * the blocks are visited in order and each is loaded once, from the model's own files, run on the
 * intact stream X_j and on every variant stream alive at it (variant i enters block i+1 with the
 * intact X_i), stacked into few runs, which measure M[i][j] against the intact contribution h^j
 * there and then; the block is released before the next is loaded. The epilogue then gives every
 * variant's drop-one KL. Memory: the largest stage plus the streams plus one run, checked against
 * the budget before any work. Block evaluations: L + sum over rows of (L - 1 - i).
 */
export async function computeDependencyMatrix(options: DependencyMatrixOptions): Promise<DependencyMatrixResult> {
  const startedAt = performance.now();
  const timing = emptyTiming();
  const settings: SessionSettings = { intraOpThreads: options.intraOpThreads, executionProvider: options.executionProvider };
  const { signal } = options;

  const setup = await timed(timing, 'setupMs', async () => {
    ensureExecutionProvider(settings.executionProvider ?? 'cpu');
    const decoder = openDecoder(options.modelPath);
    const { sequences, rows, plan } = planForDecoder(decoder, options);
    signal?.throwIfAborted();
    const prologue = await runPrologue(decoder, options.tokens, sequences, options.seqLen, settings, (work) => timed(timing, 'prologueMs', () => {
      timing.sessionRuns++;
      return work();
    }));
    return { ...decoder, sequences, L: decoder.structure.blocks.length, rows, plan, ...prologue };
  });
  const { model, structure, partition, sequences, L, rows, plan, sides } = setup;
  const hidden = structure.hiddenSize;
  const tokenCount = sequences * options.seqLen;
  const streamLength = tokenCount * hidden;
  const streamDims = (copies: number) => [copies * sequences, options.seqLen, hidden];
  const copiesOf = (copies: number) => Array.from({ length: copies * sequences }, (_, k) => k % sequences);

  const rowSet = new Set(rows);
  const evaluationsTotal = countBlockEvaluations(rows, L);
  const progress = createProgressTracker(rows.length, evaluationsTotal, startedAt);
  const matrix: Array<Array<number | null>> = Array.from({ length: L }, () => new Array(L).fill(null));
  const blockMetrics: BlockMetrics = {
    inputOutputCosineDistance: [], contributionNormRatio: [], blockInfluence: [], dropOneKl: new Array(L).fill(null),
  };
  const blockTimings: BlockTiming[] = [];
  const zeros = new Float32Array(streamLength);
  const staging = new WeightStaging();
  const live: Variant[] = [];
  let stream = setup.stream;
  let previous: Float32Array | null = null;

  for (let j = 0; j < L; j++) {
    if (j > 0 && rowSet.has(j - 1)) live.push({ row: j - 1, stream: previous as Float32Array });
    signal?.throwIfAborted();
    const block = measuredBlock(partition.blocks[j], tokenCount, hidden);
    const loadStart = performance.now();
    const session = await timed(timing, 'loadMs', () => createStageSession(model, block.proto, `block_${j}`, settings, staging));
    const record: BlockTiming = { index: j, loadMs: performance.now() - loadStart, intactMs: 0, variantMs: 0, variantEvaluations: live.length };
    try {
      const [streamInput, ...sideInputs] = block.inputs;
      const feedsFor = (data: Float32Array, copies: number, reference: Float32Array) => ({
        ...pickInputs(sides.forSequences(copiesOf(copies)), sideInputs),
        [streamInput]: new ort.Tensor('float32', data, streamDims(copies)),
        [block.reference]: new ort.Tensor('float32', reference, streamDims(1)),
      });
      signal?.throwIfAborted();
      const intactStart = performance.now();
      const intact = await timed(timing, 'intactMs', () => session.run(feedsFor(stream, 1, zeros), [block.output]));
      timing.sessionRuns++;
      const next = intact[block.output].data as Float32Array;
      const contribution = new Float32Array(streamLength);
      for (let k = 0; k < streamLength; k++) contribution[k] = next[k] - stream[k];
      blockMetrics.inputOutputCosineDistance.push(meanCosineDistance(stream, next, hidden));
      blockMetrics.blockInfluence.push(blockMetrics.inputOutputCosineDistance[j]);
      blockMetrics.contributionNormRatio.push(meanNormRatio(next, stream, hidden));
      record.intactMs = performance.now() - intactStart;
      progress.addIntactEvaluations(1);

      const variantStart = performance.now();
      for (let first = 0; first < live.length; first += plan.variantsPerRun) {
        signal?.throwIfAborted();
        const chunk = live.slice(first, first + plan.variantsPerRun);
        const stacked = stack(chunk.map((v) => v.stream), streamLength);
        const out = await timed(timing, 'variantsMs', () => session.run(feedsFor(stacked, chunk.length, contribution), [block.output, block.distance]));
        timing.sessionRuns++;
        const outputs = out[block.output].data as Float32Array;
        const distances = out[block.distance].data as Float32Array;
        chunk.forEach((variant, k) => {
          matrix[variant.row][j] = mean(distances, k * tokenCount, tokenCount);
          variant.stream = outputs.subarray(k * streamLength, (k + 1) * streamLength);
        });
        progress.addEvaluations(chunk.length);
      }
      record.variantMs = performance.now() - variantStart;
      previous = stream;
      stream = next;
    } finally {
      await session.release();
    }
    if (stageWeightBytes(block.proto).float32 >= LARGE_STAGE_BYTES) collectGarbage();
    blockTimings.push(roundBlockTiming(record));
    options.onProgress?.(progress.snapshot());
  }
  if (rowSet.has(L - 1)) live.push({ row: L - 1, stream: previous as Float32Array });

  const report = async (row: number, dropOneKl: number) => {
    blockMetrics.dropOneKl[row] = dropOneKl;
    await options.onRow?.({ index: row, values: matrix[row], dropOneKl });
    signal?.throwIfAborted();
    progress.addRows(1);
    options.onProgress?.(progress.snapshot());
  };
  if (live.length > 0) {
    await measureDropOneKl({ model, partition, sides, settings, timing, plan, signal, staging }, stream, live, sequences, options.seqLen, hidden, structure.vocabSize, report);
  }
  options.onProgress?.(progress.snapshot());
  timing.totalMs = performance.now() - startedAt;
  return {
    blocks: blockInfos(structure), matrix, rows, blockMetrics, timing: roundTiming(timing), blockTimings,
    blockEvaluations: { performed: evaluationsTotal, naive: L * (L + 1) },
    hiddenSize: hidden, sequences, seqLen: options.seqLen, memory: plan,
  };
}

type Decoder = ReturnType<typeof openDecoder>;

/**
 * How an analysis with these options would be cut to its memory budget, and the peak it is
 * expected to reach (reads the model's graph, no weights); throws InsufficientMemoryError when it
 * cannot fit.
 */
export function planDependencyMatrix(options: Omit<DependencyMatrixOptions, 'onRow' | 'onProgress' | 'signal'>): AnalysisMemoryPlan {
  return planForDecoder(openDecoder(options.modelPath), options).plan;
}

function planForDecoder(decoder: Decoder, options: Pick<DependencyMatrixOptions, 'tokens' | 'seqLen' | 'rows' | 'memoryBudgetBytes'>) {
  const { structure, partition } = decoder;
  const sequences = validateTokens(options.tokens, options.seqLen, structure);
  const rows = normalizeRows(options.rows, structure.blocks.length);
  const plan = planAnalysisMemory({
    blocks: partition.blocks.map((b) => stageWeightBytes(b.model)),
    prologue: stageWeightBytes(partition.prologue.model),
    epilogue: stageWeightBytes(partition.epilogue.model),
    sequences, seqLen: options.seqLen, hidden: structure.hiddenSize, vocab: structure.vocabSize,
    ffnWidth: Math.max(0, ...structure.blocks.map((b) => b.ffn?.ffn?.width ?? 0)),
    liveVariants: rows.length,
    budgetBytes: options.memoryBudgetBytes ?? availableMemoryBytes(),
  });
  return { sequences, rows, plan };
}

interface EpilogueContext {
  model: Decoder['model'];
  partition: Decoder['partition'];
  sides: SideValues;
  settings: SessionSettings;
  timing: ReturnType<typeof emptyTiming>;
  plan: AnalysisMemoryPlan;
  signal?: AbortSignal;
  staging: WeightStaging;
}

/**
 * Drop-one KL of every variant: the epilogue (final norm, LM head) loaded once and run on a few
 * variants at a time, each run carrying the full model's rows for the same sequences, so that the
 * [tokens, vocab] arrays stay within the plan. Variants are taken in ascending row order and each
 * chunk's rows are reported as soon as its KL is complete.
 */
async function measureDropOneKl(
  context: EpilogueContext, full: Float32Array, variants: Variant[], sequences: number, seqLen: number, hidden: number, vocab: number,
  report: (row: number, dropOneKl: number) => Promise<void>,
): Promise<void> {
  const { timing, plan, signal } = context;
  const epilogue = measuredEpilogue(context.partition.epilogue);
  const session = await timed(timing, 'loadMs', () => createStageSession(context.model, epilogue.proto, 'epilogue', context.settings, context.staging));
  const rowLength = seqLen * hidden;
  const tokens = sequences * seqLen;
  try {
    const [streamInput, ...sideInputs] = epilogue.inputs;
    for (let v = 0; v < variants.length; v += plan.epilogueVariantsPerRun) {
      const chunk = variants.slice(v, v + plan.epilogueVariantsPerRun);
      const sums = new Float64Array(chunk.length);
      for (let first = 0; first < sequences; first += plan.epilogueSequencesPerRun) {
        signal?.throwIfAborted();
        const count = Math.min(plan.epilogueSequencesPerRun, sequences - first);
        const range = (data: Float32Array) => data.subarray(first * rowLength, (first + count) * rowLength);
        const copies = 1 + chunk.length;
        const stacked = stack([range(full), ...chunk.map((c) => range(c.stream))], count * rowLength);
        const list = Array.from({ length: copies * count }, (_, k) => first + (k % count));
        const out = await timed(timing, 'epilogueMs', () => session.run({
          ...pickInputs(context.sides.forSequences(list), sideInputs),
          [streamInput]: new ort.Tensor('float32', stacked, [copies * count, seqLen, hidden]),
          [epilogue.rowsShape]: new ort.Tensor('int64', BigInt64Array.from([BigInt(copies), BigInt(count * seqLen), BigInt(vocab)]), [3]),
        }, [epilogue.kl]));
        timing.sessionRuns++;
        const kl = out[epilogue.kl].data as Float32Array;
        chunk.forEach((_, k) => { sums[k] += sum(kl, k * count * seqLen, count * seqLen); });
      }
      for (let k = 0; k < chunk.length; k++) await report(chunk[k].row, Math.fround(sums[k] / tokens));
    }
  } finally {
    await session.release();
  }
}

/** The streams one after another in one new array (a run's batch of stacked copies). */
function stack(streams: Float32Array[], length: number): Float32Array {
  if (streams.length === 1) return streams[0];
  const out = new Float32Array(streams.length * length);
  streams.forEach((s, k) => out.set(s, k * length));
  return out;
}

function sum(values: Float32Array, offset: number, count: number): number {
  let total = 0;
  for (let k = offset; k < offset + count; k++) total += values[k];
  return total;
}

function mean(values: Float32Array, offset: number, count: number): number {
  return Math.fround(sum(values, offset, count) / count);
}

function roundBlockTiming(t: BlockTiming): BlockTiming {
  const r = (x: number) => Math.round(x * 10) / 10;
  return { ...t, loadMs: r(t.loadMs), intactMs: r(t.intactMs), variantMs: r(t.variantMs) };
}
