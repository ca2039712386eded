import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { findDecoderStructure } from '../../onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../onnx/load-onnx-model.ts';
import type { DecoderStructure } from '../../onnx/decoder-structure.ts';
import { manifestKeyByAlias } from '../prepared-model-alias.ts';
import { readManifest } from '../prepared-model-manifest.ts';
import { sessionOptions, type SessionSettings } from '../session-settings.ts';

/**
 * The structure of the model to analyse, for planning lanes: from the cache folder when the model
 * was prepared there and is unchanged on disk (a few milliseconds), else read from the model.
 */
export function structureForPlanning(modelPath: string, settings: SessionSettings, cacheDir?: string): DecoderStructure {
  const key = cacheDir ? manifestKeyByAlias(cacheDir, modelPath, sessionOptions(settings)) : null;
  const manifest = cacheDir && key ? readManifest(cacheDir, key, dirname(modelPath), true) : null;
  return manifest?.structure ?? findDecoderStructure(loadOnnxModel(modelPath));
}

/** A lane's own thread and onnxruntime's fixed allocations (the demo's lanes measured 450-600 MB each in all). */
const LANE_OVERHEAD_BYTES = 256 * 2 ** 20;

/**
 * What one lane holds at its peak, roughly: the model twice (onnxruntime's copy of the weights and
 * the packed copies its matrix products make), the intact streams and references (2·L copies of
 * the batch) with room for a run's activations in onnxruntime's arena (16 more), the full model's
 * next-token distribution with a variant's logits (four [tokens, vocab] arrays), and the thread.
 */
export function estimateLaneBytes(modelPath: string, structure: DecoderStructure, tokens: number): number {
  const parameters = structure.blocks.reduce((n, b) => n + (b.attention?.parameterCount ?? 0) + (b.ffn?.parameterCount ?? 0), 0);
  const weights = Math.max(statSync(modelPath).size, 4 * (parameters + 2 * structure.vocabSize * structure.hiddenSize));
  const batch = 4 * tokens * structure.hiddenSize;
  return 2 * weights + (2 * structure.blocks.length + 16) * batch + 16 * tokens * structure.vocabSize + LANE_OVERHEAD_BYTES;
}
