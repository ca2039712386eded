import { DataType } from '../../onnx/data-types.ts';
import type { ModelProto } from '../../onnx/onnx-types.ts';
import { storedByteLength } from '../../onnx/stored-byte-length.ts';
import { tensorElementCount } from '../../onnx/tensor-data.ts';
import type { StageWeightBytes } from './analysis-memory-plan.ts';

const HALF_TYPES = new Set<number>([DataType.FLOAT16, DataType.BFLOAT16]);

/** A stage's initializers as stored, and as float32 once half-precision weights are cast (read from the graph, no data touched). */
export function stageWeightBytes(model: ModelProto): StageWeightBytes {
  let stored = 0;
  let float32 = 0;
  for (const tensor of model.graph?.initializer ?? []) {
    const bytes = storedByteLength(tensor);
    stored += bytes;
    float32 += HALF_TYPES.has(tensor.dataType ?? 0) ? tensorElementCount(tensor) * 4 : bytes;
  }
  return { stored, float32 };
}
