import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import { materialiseGeneratedTensors } from '../onnx/materialise-generated-tensors.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { FusedRangeInfo } from './fused-range.ts';
import type { FusionRange } from './fusion-range.ts';
import { planFusedModel } from './plan-fused-model.ts';

export interface FusionResult {
  /** The fused model; untouched weights still read from the source's external data, if any. */
  model: OnnxModel;
  ranges: FusedRangeInfo[];
  /** Allowed but costly choices (a range including the last FFN of an attention-free run). */
  warnings: string[];
}

/**
 * The fused model in memory, its wide FFN weights computed: for small models (tests run it in
 * onnxruntime from bytes). The CLI and the fusion job write large ones with fuseRangesToFile,
 * which streams the same bytes into the file without holding them.
 */
export function fuseFfnRanges(model: OnnxModel, structure: DecoderStructure, ranges: FusionRange[]): FusionResult {
  const plan = planFusedModel(model, structure, ranges);
  return { model: materialiseGeneratedTensors(plan.model, plan.generated), ranges: plan.ranges, warnings: plan.warnings };
}

export function fuseFfnRange(model: OnnxModel, structure: DecoderStructure, range: FusionRange): FusionResult {
  return fuseFfnRanges(model, structure, [range]);
}
