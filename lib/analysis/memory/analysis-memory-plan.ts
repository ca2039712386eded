import { formatBytes } from './available-memory.ts';
import { InsufficientMemoryError } from './insufficient-memory-error.ts';

/** A stage's weights: as stored in the model's files, and as float32 once onnxruntime has them. */
export interface StageWeightBytes {
  stored: number;
  float32: number;
}

export interface AnalysisMemoryInput {
  blocks: StageWeightBytes[];
  prologue: StageWeightBytes;
  epilogue: StageWeightBytes;
  sequences: number;
  seqLen: number;
  hidden: number;
  vocab: number;
  /** Widest FFN of any block (0 without FFNs). */
  ffnWidth: number;
  /** Largest number of variant streams alive at one block (the requested rows before the last block). */
  liveVariants: number;
  budgetBytes: number;
}

/** How the work is cut to fit, and the peak it is expected to reach. */
export interface AnalysisMemoryPlan {
  /** Variant streams stacked into one block run. */
  variantsPerRun: number;
  /** Epilogue runs: calibration sequences and variants per run (the full model's rows ride along). */
  epilogueSequencesPerRun: number;
  epilogueVariantsPerRun: number;
  /** The engine's own bound on its peak: largest stage's weights + streams + one run's activations. */
  boundBytes: number;
  budgetBytes: number;
  parts: { largestBlockBytes: number; epilogueBytes: number; prologueBytes: number; streamsBytes: number; runBytes: number };
}

/**
 * What the process holds beyond the parts below, measured on generated models: the allocator's
 * free lists between stages, the JavaScript heap (the graph, the stage models built from it, the
 * buffers onnxruntime hands back), onnxruntime's per-session state.
 */
const RUNTIME_SLACK_BYTES = 48 * 2 ** 20;

/**
 * Variant streams are stacked into one run up to this many tokens. Stacking pays where one copy of
 * the calibration batch is small (few per-run costs, each block's weights read once for many
 * variants); past a few thousand tokens the run's activations (FFN rows, attention scores) outgrow
 * the caches and a stacked variant costs more than one run on its own (the demo, 4,096 tokens a
 * copy: 162 ms per variant stacked 23 deep against 132 ms alone).
 */
const STACKED_TOKENS = 2048;

/**
 * The epilogue's [tokens, vocab] arrays of one run are kept under this size, whatever the budget:
 * the LM head is as fast on a few hundred tokens a run as on thousands, and a 1B model's
 * epilogue given the whole budget took 15 GiB for nothing.
 */
const EPILOGUE_RUN_BYTES = 2 ** 30;

/**
 * A stage at its peak holds the weights gathered from the file (as stored) while onnxruntime
 * builds its own float32 initializers and the packed copies its matrix products make: about
 * stored + 2 x float32.
 */
function loadedStageBytes(weights: StageWeightBytes): number {
  return weights.stored + 2 * weights.float32;
}

/**
 * onnxruntime's working memory per token of one block run, generously: the FFN's gate, up and
 * product rows, a dozen hidden-sized temporaries (norm, projections, residual, measurement), and
 * the attention scores and probabilities of one head set (heads taken as hidden / 64), with room
 * for the arena's growth in doubling chunks.
 */
function blockRunBytesPerToken(input: AnalysisMemoryInput): number {
  const heads = Math.max(1, Math.ceil(input.hidden / 64));
  return Math.ceil(1.5 * 4 * (3 * input.ffnWidth + 12 * input.hidden + 3 * heads * input.seqLen));
}

/** Logits, log-probabilities, probabilities and KL terms of one sequence row of the epilogue. */
function epilogueBytesPerSequence(input: AnalysisMemoryInput): number {
  return 4 * 4 * input.seqLen * input.vocab;
}

/**
 * Cuts the analysis to the memory budget: the most variant streams per block run, then the
 * largest epilogue runs, that keep the peak (largest stage + streams + one run) within the budget.
 * Refuses when even one variant per run, or one sequence per epilogue run, would not fit, with the
 * figure needed and what to change.
 */
export function planAnalysisMemory(input: AnalysisMemoryInput): AnalysisMemoryPlan {
  const tokens = input.sequences * input.seqLen;
  const batch = 4 * tokens * input.hidden;
  const largestBlockBytes = Math.max(0, ...input.blocks.map(loadedStageBytes));
  const epilogueBytes = loadedStageBytes(input.epilogue);
  const prologueBytes = loadedStageBytes(input.prologue);
  const live = Math.max(0, input.liveVariants);
  // intact X_j, X_j+1 and h^j, every live variant, and a stacked run's input and output
  const streams = (m: number) => (3 + live + 2 * m) * batch;
  const perToken = blockRunBytesPerToken(input);
  const blockPeak = (m: number) => largestBlockBytes + streams(m) + Math.max(1, m) * tokens * perToken;
  const budget = input.budgetBytes;

  let variantsPerRun = Math.max(1, Math.min(live, Math.floor(STACKED_TOKENS / tokens)));
  while (variantsPerRun > 1 && RUNTIME_SLACK_BYTES + blockPeak(variantsPerRun) > budget) variantsPerRun--;
  const rowBytes = epilogueBytesPerSequence(input);
  const epilogueRoom = Math.min(EPILOGUE_RUN_BYTES, budget - RUNTIME_SLACK_BYTES - epilogueBytes - streams(0));
  // sequence rows per epilogue run: the full model's and the variants' (at least one of each)
  const rowsPerRun = Math.max(2, Math.floor(epilogueRoom / rowBytes));
  const epilogueVariantsPerRun = Math.max(1, Math.min(live, rowsPerRun - 1));
  const epilogueSequencesPerRun = Math.max(1, Math.min(input.sequences, Math.floor(rowsPerRun / (1 + epilogueVariantsPerRun))));
  const epiloguePeak = epilogueBytes + streams(0) + (1 + epilogueVariantsPerRun) * epilogueSequencesPerRun * rowBytes;
  const prologuePeak = prologueBytes + 2 * streams(0);
  const boundBytes = RUNTIME_SLACK_BYTES + Math.max(blockPeak(live === 0 ? 0 : variantsPerRun), epiloguePeak, prologuePeak);
  const parts = {
    largestBlockBytes, epilogueBytes, prologueBytes, streamsBytes: streams(live === 0 ? 0 : variantsPerRun),
    runBytes: Math.max(variantsPerRun * tokens * perToken, (1 + epilogueVariantsPerRun) * epilogueSequencesPerRun * rowBytes),
  };
  if (boundBytes > budget) {
    const worst = boundBytes === epiloguePeak ? 'the epilogue (final norm and LM head) with one sequence of logits'
      : boundBytes === prologuePeak ? 'the prologue (embedding table)' : 'the largest block with one variant per run';
    throw new InsufficientMemoryError(
      `this analysis needs about ${formatBytes(boundBytes)} of memory (${worst}: largest block ${formatBytes(largestBlockBytes)} `
      + `as loaded, epilogue ${formatBytes(epilogueBytes)}, streams ${formatBytes(streams(1))} for ${input.sequences} x ${input.seqLen} `
      + `tokens and ${live} variant${live === 1 ? '' : 's'}), but only ${formatBytes(budget)} may be used. `
      + 'Use fewer calibration tokens (fewer sequences or a shorter sequence length), compute fewer rows per job, '
      + 'or raise the memory budget (--memory-budget, FUSIONSCOPE_MEMORY_BUDGET) on a machine with more memory.',
      boundBytes, budget,
    );
  }
  return { variantsPerRun, epilogueSequencesPerRun, epilogueVariantsPerRun, boundBytes, budgetBytes: budget, parts };
}
