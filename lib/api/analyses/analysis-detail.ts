import type { FusionSuggestions } from '../../analysis/suggest-ranges/types.ts';
import type { StructureSummary } from '../../onnx/decoder-structure.ts';
import type { AnalysisSummary } from './analysis-summary.ts';

export type StructureBlock = StructureSummary['blocks'][number];

export interface BlockMetricSeries {
  inputOutputCosineDistance: Array<number | null>;
  contributionNormRatio: Array<number | null>;
  blockInfluence: Array<number | null>;
  dropOneKl: Array<number | null>;
}

/** GET /api/analyses/:id: the matrix so far (null where undefined or not computed yet). */
export interface AnalysisDetail extends AnalysisSummary {
  calibrationSetId: string;
  blocks: StructureBlock[];
  attentionFreeRuns: Array<[number, number]>;
  /** matrix[i][j]: block i dropped, block j measured; L x L. */
  matrix: Array<Array<number | null>>;
  /** Rows already computed, in any order. */
  computedRows: number[];
  metrics: BlockMetricSeries;
  /** Ranges suggested from the complete matrix, with reasons; null until the analysis succeeds. */
  suggestions: FusionSuggestions | null;
}
