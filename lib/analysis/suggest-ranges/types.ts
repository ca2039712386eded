export type DependencyMatrix = Array<Array<number | null>>;

export interface SuggestBlock {
  index: number;
  attention: boolean;
  ffn: boolean;
  /** FFN intermediate width, when known (needed for the width limit). */
  ffnWidth?: number | null;
}

export interface SuggestOptions {
  /** Largest M entry allowed inside a suggested range (default 2^-4). */
  maxDependency?: number;
  /** Largest fused FFN width (sum of the range's widths); default: no limit. */
  maxFusedWidth?: number;
  /** Window size of the appendix-B full-block windows (default 4). */
  windowSize?: number;
}

/** The M entries M[i][j], a <= i < j <= b, of a range: what the range's blocks see of each other. */
export interface RangeDependency {
  /** Largest entry, null when none is computed. */
  max: number | null;
  mean: number | null;
  sum: number;
}

export interface RangeSuggestion {
  range: [number, number];
  dependency: RangeDependency;
  /** Fused FFN width, null when widths are unknown (or for full-block windows). */
  width: number | null;
  reason: string;
}

export interface FusionSuggestions {
  /** FFN fusion ranges: attention-free runs minus their last FFN, split by dependency and width. */
  ffnRanges: RangeSuggestion[];
  /** Appendix B: full-block windows ranked by their largest, then summed entry, chosen greedily without overlap. */
  blockWindows: RangeSuggestion[];
  options: Required<Pick<SuggestOptions, 'maxDependency' | 'windowSize'>> & { maxFusedWidth: number | null };
}
