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
  /** Opening the model: from the cache folder when it was prepared before, else reading it, finding the structure, partitioning, building the block chain; creating the sessions. */
  setupMs: number;
  /** The prologue run. */
  prologueMs: number;
  /** The intact stream through every block and the epilogue (one chain run). */
  intactMs: number;
  /** Variant runs (one chain run per row; each also measures its M entries and drop-one KL). */
  variantsMs: number;
  /** Intact contributions h^j, full log-probabilities and block metrics (measurement graphs). */
  metricsMs: number;
  /** Number of ORT session runs. */
  sessionRuns: number;
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
  blockEvaluations: BlockEvaluationCount;
  hiddenSize: number;
  sequences: number;
  seqLen: number;
  /** Whether the prologue and chain sessions were prepared anew and saved ('miss'), opened ready from the cache ('hit'), or not cached ('off'). */
  sessionCache: SessionCacheUse;
  /** Engines that shared the rows, and each one's intra-op threads (null: onnxruntime's choice). */
  lanes: { count: number; threadsPerLane: number | null };
}

/** How the engine's sessions were obtained: no cache folder given, prepared and saved, or opened from the cache. */
export type SessionCacheUse = 'off' | 'miss' | 'hit';
