import type { AnalysisMemoryPlan } from './memory/analysis-memory-plan.ts';

/** Results and callbacks of the dependency-matrix engine. */

export interface BlockInfo {
  index: number;
  attention: boolean;
  ffn: boolean;
}

/** One row of M: the block `index` dropped; values[j] = M[index][j], null for j <= index. */
export interface DependencyRow {
  index: number;
  values: Array<number | null>;
  /** Mean over tokens of KL(p_full || p_without_block_index) on next-token distributions. */
  dropOneKl: number;
}

/** Per-block metrics from the intact pass (definitions in block-metrics.ts). */
export interface BlockMetrics {
  /** Mean per-token cosine distance between block input X_k and output X_k+1. */
  inputOutputCosineDistance: number[];
  /** Mean over tokens of ||h_t|| / ||X_t|| with h = X_k+1 - X_k. */
  contributionNormRatio: number[];
  /** ShortGPT Block Influence 1 - mean_t cos(X_k,t, X_k+1,t). */
  blockInfluence: number[];
  /** Drop-one KL per block; null for blocks whose row was not computed. */
  dropOneKl: Array<number | null>;
}

export interface AnalysisTiming {
  /** Whole call, from start to the last row. */
  totalMs: number;
  /** Reading the graph, finding the structure, partitioning, planning memory, loading and running the prologue. */
  setupMs: number;
  /** The prologue's runs (inside setupMs). */
  prologueMs: number;
  /** Creating the block and epilogue sessions: reading each one's weights and onnxruntime's preparation. */
  loadMs: number;
  /** Block runs on the intact stream (a streamed forward pass), with the block metrics. */
  intactMs: number;
  /** Block runs on stacked variant streams, measuring their contributions. */
  variantsMs: number;
  /** Epilogue runs: the full model's and every variant's next-token distributions, and the drop-one KL. */
  epilogueMs: number;
  /** Number of ORT session runs. */
  sessionRuns: number;
}

/** Where one block's time went: the figures that compare a variant evaluation with the same block in a forward pass. */
export interface BlockTiming {
  index: number;
  loadMs: number;
  /** The block on the intact stream: its cost inside a streamed forward pass. */
  intactMs: number;
  /** All variant runs at this block, and the variant streams they evaluated. */
  variantMs: number;
  variantEvaluations: number;
}

export interface BlockEvaluationCount {
  /** Block evaluations done: L for the intact pass plus L-1-i per requested row i (L(L+1)/2 for all rows). */
  performed: number;
  /** Block evaluations of the naive method, (L+1) full passes: L(L+1). */
  naive: number;
}

export interface AnalysisProgress {
  rowsDone: number;
  rowsTotal: number;
  blockEvaluationsDone: number;
  blockEvaluationsTotal: number;
  elapsedMs: number;
  /** Estimated time left, from block evaluations done so far; null before the first variant run. */
  etaMs: number | null;
}

export interface DependencyMatrixResult {
  blocks: BlockInfo[];
  /** L x L; row i = dropped block, column j = measured block; null where j <= i or row not requested. */
  matrix: Array<Array<number | null>>;
  /** Indices of the rows computed. */
  rows: number[];
  blockMetrics: BlockMetrics;
  timing: AnalysisTiming;
  blockTimings: BlockTiming[];
  blockEvaluations: BlockEvaluationCount;
  hiddenSize: number;
  sequences: number;
  seqLen: number;
  /** How the work was cut to the memory budget, and the engine's bound on its own peak. */
  memory: AnalysisMemoryPlan;
}
