import type { DecoderBlock } from '../onnx/decoder-structure.ts';
import type { GraphIndex } from '../onnx/graph-index.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import { tensorToFloat32 } from '../onnx/tensor-data.ts';
import { describeFfnParts } from './describe-ffn-parts.ts';
import type { FfnParts } from './ffn-parts.ts';
import type { StoredMatrix } from './stored-ffn-parts.ts';

/**
 * Reads one FFN-only block's weights, biases and norm whole, as float32 (the in-memory form that
 * buildWideFfn takes; the fused model itself is built from describeFfnParts without reading them).
 */
export function readFfnParts(model: OnnxModel, index: GraphIndex, block: DecoderBlock, hidden: number): FfnParts {
  const stored = describeFfnParts(model, index, block, hidden);
  return {
    ...stored,
    gate: stored.gate ? readWeight(model, stored.gate) : null,
    up: readWeight(model, stored.up),
    down: readWeight(model, stored.down),
    gateBias: stored.gateBias?.values ?? null,
    upBias: stored.upBias?.values ?? null,
    downBias: stored.downBias?.values ?? null,
  };
}

/** A projection weight as [in, out] row-major float32, whatever its stored layout. */
function readWeight(model: OnnxModel, matrix: StoredMatrix): Float32Array {
  const stored = tensorToFloat32(model, matrix.tensor);
  if (!matrix.transposed) return stored;
  const [rows, cols] = [matrix.cols, matrix.rows];
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = stored[c * rows + r];
  return out;
}
