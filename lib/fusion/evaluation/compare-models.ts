import os from 'node:os';
import { crossEntropyReport, type CrossEntropyReport } from './cross-entropy-report.ts';
import { measureLatency, type BatchLatency } from './measure-latency.ts';
import { parameterCount, sequentialDepth } from './model-facts.ts';
import { openModelRunner, type ModelRunner } from './model-runner.ts';
import { NextTokenStats } from './next-token-stats.ts';

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
  latencyMs: { threads: number; seqLen: number; repeats: number; batches: BatchLatency[] };
  depth: { reference: number; candidate: number };
  parameters: { reference: number; candidate: number };
  evaluation: { sequences: number; seqLen: number; positions: number; predictions: number };
}

/** Quality and speed of a candidate model against a reference, on the same held-out tokens, in one run. */
export async function compareModels(options: CompareOptions): Promise<ModelComparison> {
  const threads = options.intraOpThreads ?? os.availableParallelism();
  const reference = await openModelRunner(options.referencePath, threads);
  try {
    const candidate = await openModelRunner(options.candidatePath, threads);
    try {
      return await compareRunners(reference, candidate, options, threads);
    } finally {
      await candidate.release();
    }
  } finally {
    await reference.release();
  }
}

async function compareRunners(reference: ModelRunner, candidate: ModelRunner, options: CompareOptions, threads: number): Promise<ModelComparison> {
  const { seqLen } = options;
  const vocab = reference.structure.vocabSize;
  if (candidate.structure.vocabSize !== vocab) throw new Error(`the models' vocabularies differ (${vocab} vs ${candidate.structure.vocabSize})`);
  const sequences = Math.min(Math.floor(options.tokens.length / seqLen), options.maxSequences ?? 64);
  if (sequences < 1) throw new Error(`${options.tokens.length} held-out tokens are fewer than one sequence of ${seqLen}`);
  const batchSize = options.qualityBatch ?? 8;
  const latencyBatches = options.latencyBatches ?? [1, 16];
  const total = Math.ceil(sequences / batchSize) + latencyBatches.length;
  let done = 0;
  const step = () => options.onProgress?.(++done, total);
  const stats = new NextTokenStats(vocab);
  for (let first = 0; first < sequences; first += batchSize) {
    const batch = Math.min(batchSize, sequences - first);
    const tokens = options.tokens.subarray(first * seqLen, (first + batch) * seqLen);
    stats.add(await reference.logits(tokens, batch, seqLen), await candidate.logits(tokens, batch, seqLen), tokens, batch, seqLen);
    step();
  }
  const repeats = options.latencyRepeats ?? 5;
  const latency = await measureLatency(reference, candidate, options.tokens.subarray(0, sequences * seqLen), { batches: latencyBatches, seqLen, repeats, onStep: step });
  const quality = stats.result();
  return {
    kl: quality.kl,
    logitsCosineDistance: quality.logitsCosineDistance,
    crossEntropy: crossEntropyReport(quality.crossEntropyNats, vocab),
    latencyMs: { threads, seqLen, repeats, batches: latency },
    depth: { reference: sequentialDepth(reference.structure), candidate: sequentialDepth(candidate.structure) },
    parameters: { reference: parameterCount(reference.model), candidate: parameterCount(candidate.model) },
    evaluation: { sequences, seqLen, positions: quality.positions, predictions: quality.predictions },
  };
}
