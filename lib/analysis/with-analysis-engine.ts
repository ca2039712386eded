import { validateTokens } from './analysis-input.ts';
import { reserveAnalysisMemory, type AnalysisMemory, type AnalysisMemoryLayout } from './analysis-memory.ts';
import { decoderFeedBuilder } from './decoder-source.ts';
import type { StageRunner } from './stage-runner.ts';
import { openStageSessions, releaseStageSessions } from './stage-sessions.ts';
import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import type { FeedBuilder } from './prologue-runner.ts';
import { timed } from './timing.ts';
import type { AnalysisTiming } from './types.ts';
import type { SessionSettings } from './session-settings.ts';

export interface EngineOptions {
  modelPath: string;
  tokens: BigInt64Array;
  seqLen: number;
  intraOpThreads?: number;
  /** The first block the work measures variants at, given the block count (default: none, only the intact pass). */
  referencesFrom?: (blockCount: number) => number;
  /** Folder of optimized chain models kept between runs (none: every run optimizes the chain anew). */
  sessionCacheDir?: string;
  signal?: AbortSignal;
}

export interface AnalysisEngine {
  structure: DecoderStructure;
  buildFeeds: FeedBuilder;
  runner: StageRunner;
  /** For the sessions the engine creates along the way (the intact-stream graph). */
  settings: SessionSettings;
  /** The arrays the intact pass and the references are written into, mapped while the sessions opened. */
  memory: AnalysisMemory;
}

/**
 * Opens the model (its structure and the prologue and chain sessions, from the cache folder when
 * it was prepared before), checking the tokens against its structure before any session is
 * created and reserving the analysis arrays (analysis-memory.ts), runs `work`, and releases every
 * session whatever happens. Set-up time is counted in `timing.setupMs`.
 */
export async function withAnalysisEngine<T>(options: EngineOptions, timing: AnalysisTiming, work: (engine: AnalysisEngine) => Promise<T>): Promise<T> {
  const settings = { intraOpThreads: options.intraOpThreads };
  let sequences = 0;
  let layout: AnalysisMemoryLayout | undefined;
  let memory: AnalysisMemory | undefined;
  const sessions = await timed(timing, 'setupMs', () => openStageSessions(options.modelPath, settings, options.sessionCacheDir,
    (structure, prepared) => {
      sequences = validateTokens(options.tokens, options.seqLen, structure);
      const blocks = structure.blocks.length;
      layout = { blocks, tokens: options.tokens.length, hidden: structure.hiddenSize, referencesFrom: options.referencesFrom?.(blocks) ?? blocks };
      // Loading ready-made sessions takes little memory besides the weights, so the arrays are mapped
      // meanwhile; building them first optimizes the graph, whose transient copies would add to the
      // peak. Once: a cache entry that fails to open sends the engine back through this check.
      if (prepared) memory ??= reserveAnalysisMemory(layout, { prefault: true });
    }));
  try {
    memory ??= reserveAnalysisMemory(layout as AnalysisMemoryLayout, { prefault: false });
    const { structure } = sessions;
    const runner: StageRunner = { sessions, sequences, seqLen: options.seqLen, hidden: structure.hiddenSize, vocab: structure.vocabSize, timing, signal: options.signal };
    return await work({ structure, buildFeeds: decoderFeedBuilder(structure, options.seqLen), runner, settings, memory });
  } finally {
    await releaseStageSessions(sessions);
  }
}
