import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { SaveResult } from '../onnx/save-onnx-model.ts';
import type { FusedRangeInfo } from './fused-range.ts';
import type { FusionRange } from './fusion-range.ts';
import { planFusedModel } from './plan-fused-model.ts';
import { writeFusedModel } from './write-fused-model.ts';

export interface FusedModelFile {
  saved: SaveResult;
  ranges: FusedRangeInfo[];
  warnings: string[];
}

/**
 * Fuses `ranges` and writes the fused model to `file`, streaming: unchanged external tensors are
 * copied piece by piece into the new data file and each wide FFN weight is computed one band of
 * rows at a time from the blocks' stored weights, so memory holds pieces, never a range's weights
 * or the model. The bytes equal those of fuseFfnRanges' in-memory model.
 */
export function fuseRangesToFile(model: OnnxModel, structure: DecoderStructure, ranges: FusionRange[], file: string): FusedModelFile {
  const plan = planFusedModel(model, structure, ranges);
  const saved = writeFusedModel(plan.model, file, plan.generated);
  return { saved, ranges: plan.ranges, warnings: plan.warnings };
}
