import type { FusionRange } from './fusion-range.ts';

/** What one fused range became. */
export interface FusedRangeInfo {
  range: FusionRange;
  /** Intermediate width of the wide FFN (sum of the range's widths). */
  width: number;
  /** Value names: the stream entering block a, and the stream the fused block produces (block b's output). */
  input: string;
  output: string;
}
