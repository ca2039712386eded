import { findDecoderStructure } from '../../onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../onnx/load-onnx-model.ts';
import type { FusedRangeInfo } from '../fused-range.ts';
import { fuseRangesToFile } from '../fuse-ranges-to-file.ts';
import type { FusionRange } from '../fusion-range.ts';
import { compareModels, type CompareOptions, type ModelComparison } from './compare-models.ts';

export interface EvaluateFusionOptions extends Omit<CompareOptions, 'referencePath' | 'candidatePath'> {
  modelPath: string;
  ranges: FusionRange[];
  /** Where the fused model is written. */
  outputPath: string;
}

export interface FusionEvaluation extends ModelComparison {
  fusion: { ranges: FusedRangeInfo[]; warnings: string[]; buildMs: number; file: string; externalDataFile: string | null };
}

/** Builds the fused model of `ranges`, writes it, and compares it with the source model. */
export async function evaluateFusion(options: EvaluateFusionOptions): Promise<FusionEvaluation> {
  const start = performance.now();
  const source = loadOnnxModel(options.modelPath);
  const { saved, ...fused } = fuseRangesToFile(source, findDecoderStructure(source), options.ranges, options.outputPath);
  const buildMs = performance.now() - start;
  const comparison = await compareModels({ ...options, referencePath: options.modelPath, candidatePath: saved.path });
  return { ...comparison, fusion: { ranges: fused.ranges, warnings: fused.warnings, buildMs, file: saved.path, externalDataFile: saved.externalDataPath } };
}
