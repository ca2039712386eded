import os from 'node:os';
import { crossEntropyReport, type CrossEntropyReport } from './cross-entropy-report.ts';
import { measureLatency, type BatchLatency } from './measure-latency.ts';
import { sequentialDepth } from './model-facts.ts';
import { openModelRunner } from './model-runner.ts';
import { compareQualityStreamed } from './streamed-quality.ts';
import { availableMemoryBytes, formatBytes } from '../../analysis/memory/available-memory.ts';

export interface CompareOptions {
  referencePath: string;
  candidatePath: string;
  /** Held-out token ids, whole sequences of seqLen one after another. */
  tokens: BigInt64Array;
  seqLen: number;
  /** Most sequences scored for quality (default 64). */
  maxSequences?: number;
  /** Sequences per quality run (default 8). */
  qualityBatch?: number;
  /** ORT intra-op threads, the same for both models (default: all cores). */
  intraOpThreads?: number;
  /** Batch sizes timed (default [1, 16]); empty to skip timing. */
  latencyBatches?: number[];
  latencyRepeats?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ModelComparison {
  /** Mean per-token KL(p_reference || p_candidate), nats. */
  kl: number;
  logitsCosineDistance: number;
  crossEntropy: CrossEntropyReport;
  /** `skipped`: why latency was not measured (the models do not fit in memory together). */
  latencyMs: { threads: number; seqLen: number; repeats: number; batches: BatchLatency[]; skipped?: string };
  depth: { reference: number; candidate: number };
  parameters: { reference: number; candidate: number };
  evaluation: { sequences: number; seqLen: number; positions: number; predictions: number };
}

/**
 * Quality and speed of a candidate model against a reference, on the same held-out tokens, in one
 * run. Quality is streamed stage by stage (streamed-quality.ts: never more than one stage's
 * weights in memory). Latency needs both models whole in onnxruntime, so it is measured only when
 * both fit in the memory available; otherwise it is left out, with the reason.
 */
export async function compareModels(options: CompareOptions): Promise<ModelComparison> {
  const threads = options.intraOpThreads ?? os.availableParallelism();
  const { seqLen } = options;
  const sequences = Math.min(Math.floor(options.tokens.length / seqLen), options.maxSequences ?? 64);
  if (sequences < 1) throw new Error(`${options.tokens.length} held-out tokens are fewer than one sequence of ${seqLen}`);
  const latencyBatches = options.latencyBatches ?? [1, 16];
  const total = 100 + latencyBatches.length;
  const quality = await compareQualityStreamed({
    referencePath: options.referencePath, candidatePath: options.candidatePath, tokens: options.tokens.subarray(0, sequences * seqLen), seqLen,
    settings: { intraOpThreads: options.intraOpThreads }, sequencesPerRun: options.qualityBatch ?? 8,
    onProgress: (done, all) => options.onProgress?.(Math.floor((100 * done) / all), total),
  });
  const { parameters } = quality;
  const repeats = options.latencyRepeats ?? 5;
  // both sessions at once: float32 weights and the packed copies of their matrix products, and room to run
  const latencyNeeds = 8 * (parameters.reference + parameters.candidate) + 512 * 2 ** 20;
  const available = availableMemoryBytes();
  let batches: BatchLatency[] = [];
  let skipped: string | undefined;
  if (latencyBatches.length > 0 && latencyNeeds > available) {
    skipped = `not measured: timing needs both models whole in memory, about ${formatBytes(latencyNeeds)}, and ${formatBytes(available)} is available`;
  } else if (latencyBatches.length > 0) {
    const reference = await openModelRunner(options.referencePath, threads);
    try {
      const candidate = await openModelRunner(options.candidatePath, threads);
      try {
        let step = 100;
        batches = await measureLatency(reference, candidate, options.tokens.subarray(0, sequences * seqLen),
          { batches: latencyBatches, seqLen, repeats, onStep: () => options.onProgress?.(++step, total) });
      } finally {
        await candidate.release();
      }
    } finally {
      await reference.release();
    }
  }
  return {
    kl: quality.kl,
    logitsCosineDistance: quality.logitsCosineDistance,
    crossEntropy: crossEntropyReport(quality.crossEntropyNats, quality.structures.reference.vocabSize),
    latencyMs: { threads, seqLen, repeats, batches, ...(skipped ? { skipped } : {}) },
    depth: { reference: sequentialDepth(quality.structures.reference), candidate: sequentialDepth(quality.structures.candidate) },
    parameters,
    evaluation: { sequences, seqLen, positions: quality.positions, predictions: quality.predictions },
  };
}
