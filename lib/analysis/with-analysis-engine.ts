import { validateTokens } from './analysis-input.ts';
import { openDecoder, type OpenedDecoder } from './decoder-source.ts';
import { createMeasurementHeads, releaseMeasurementHeads, type MeasurementHeads } from './heads/measurement-heads.ts';
import type { StageRunner } from './stage-runner.ts';
import { createStageSessions, releaseStageSessions } from './stage-sessions.ts';
import { timed } from './timing.ts';
import type { AnalysisTiming } from './types.ts';

export interface EngineOptions {
  modelPath: string;
  tokens: BigInt64Array;
  seqLen: number;
  intraOpThreads?: number;
  /** Folder of optimized chain models kept between runs (none: every run optimizes the chain anew). */
  sessionCacheDir?: string;
  signal?: AbortSignal;
}

export interface AnalysisEngine {
  decoder: OpenedDecoder;
  runner: StageRunner;
  heads: MeasurementHeads;
}

/**
 * Opens the model (structure, partition, one session per stage, measurement heads), checks the
 * tokens against it, runs `work`, and releases every session whatever happens. Set-up time is
 * counted in `timing.setupMs`.
 */
export async function withAnalysisEngine<T>(options: EngineOptions, timing: AnalysisTiming, work: (engine: AnalysisEngine) => Promise<T>): Promise<T> {
  const decoder = await timed(timing, 'setupMs', () => openDecoder(options.modelPath, options.seqLen));
  const sequences = validateTokens(options.tokens, options.seqLen, decoder.structure);
  const settings = { intraOpThreads: options.intraOpThreads };
  const sessions = await timed(timing, 'setupMs', () => createStageSessions(decoder.partition, settings, options.sessionCacheDir));
  const heads = await timed(timing, 'setupMs', () => createMeasurementHeads(settings));
  try {
    const runner: StageRunner = { sessions, sequences, seqLen: options.seqLen, hidden: decoder.structure.hiddenSize, vocab: decoder.structure.vocabSize, timing, signal: options.signal };
    return await work({ decoder, runner, heads });
  } finally {
    await releaseStageSessions(sessions);
    await releaseMeasurementHeads(heads);
  }
}
