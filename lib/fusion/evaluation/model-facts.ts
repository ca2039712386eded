import { DataType } from '../../onnx/data-types.ts';
import type { DecoderStructure } from '../../onnx/decoder-structure.ts';
import type { OnnxModel } from '../../onnx/onnx-model.ts';
import { tensorElementCount } from '../../onnx/tensor-data.ts';

const FLOAT_TYPES = new Set<number>([DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16, DataType.DOUBLE]);

/**
 * Sublayers on the critical path: each attention and each FFN sublayer runs after the previous
 * one; a fused range is one FFN sublayer, so it counts once.
 */
export function sequentialDepth(structure: DecoderStructure): number {
  return structure.blocks.reduce((sum, b) => sum + (b.attention ? 1 : 0) + (b.ffn ? 1 : 0), 0);
}

/** Floating-point values in all initializers (embeddings and LM head included; scalars excluded). */
export function parameterCount(model: OnnxModel): number {
  return (model.proto.graph?.initializer ?? [])
    .filter((t) => FLOAT_TYPES.has(t.dataType ?? 0) && (t.dims ?? []).length > 0)
    .reduce((sum, t) => sum + tensorElementCount(t), 0);
}
