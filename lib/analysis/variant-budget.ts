/**
 * How many variants to stack in one block run so that the working memory of that run stays
 * within a budget. The estimate per variant (one copy of the calibration batch) counts float32
 * activations of one block: stream in/out and norm output (3 x hidden), gate/up/activation
 * (3 x FFN width), q/k/v/attention output (4 x hidden) and the attention scores and
 * probabilities (2 x heads x seqLen per token, heads guessed as hidden / 64).
 */
export interface VariantShape {
  sequences: number;
  seqLen: number;
  hiddenSize: number;
  maxFfnWidth: number;
}

export const DEFAULT_VARIANT_MEMORY_BUDGET = 512 * 1024 * 1024;

export function estimateVariantBytes(shape: VariantShape): number {
  const tokens = shape.sequences * shape.seqLen;
  const heads = Math.max(1, Math.round(shape.hiddenSize / 64));
  const perToken = 7 * shape.hiddenSize + 3 * shape.maxFfnWidth + 2 * heads * shape.seqLen;
  return tokens * perToken * 4;
}

export function variantBatchForBudget(budgetBytes: number, shape: VariantShape): number {
  return Math.max(1, Math.floor(budgetBytes / estimateVariantBytes(shape)));
}

/**
 * Stacking pays while one run is small (per-run overhead, under-filled GEMMs) and costs once the
 * stacked activations fall out of cache and allocations get large; measured on 2 cores, runs of
 * about 4096 tokens were fastest. So: as many variants as make ~4096 tokens, at least one, and
 * never more than the memory budget allows.
 */
export const TARGET_TOKENS_PER_RUN = 4096;

export function defaultVariantBatch(budgetBytes: number, shape: VariantShape): number {
  const byTokens = Math.max(1, Math.floor(TARGET_TOKENS_PER_RUN / (shape.sequences * shape.seqLen)));
  return Math.min(byTokens, variantBatchForBudget(budgetBytes, shape));
}
