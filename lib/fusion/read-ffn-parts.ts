import { constantTensor } from '../onnx/constant-values.ts';
import { DataType } from '../onnx/data-types.ts';
import type { DecoderBlock, FfnWeights, WeightRef } from '../onnx/decoder-structure.ts';
import type { GraphIndex } from '../onnx/graph-index.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import { tensorToFloat32 } from '../onnx/tensor-data.ts';
import type { ActivationForm, FfnParts } from './ffn-parts.ts';

const SINGLE_OP_ACTIVATIONS = new Set(['Silu', 'Swish', 'Gelu', 'FastGelu']);

/** Reads one FFN-only block's weights, biases and norm; refuses what cannot be folded exactly. */
export function readFfnParts(model: OnnxModel, index: GraphIndex, block: DecoderBlock, hidden: number): FfnParts {
  const ffn = block.ffn?.ffn;
  if (!ffn) throw new Error(`block ${block.index} has no FFN`);
  const where = `block ${block.index}`;
  if (ffn.normKind !== 'rms') {
    throw new Error(`${where}: its FFN is fed by ${ffn.normKind === 'layer' ? 'a LayerNorm' : 'no norm found'}; fusion folds RMSNorm scales only`);
  }
  const read = (value: string, what: string) => readFloat32(model, index, value, `${where} ${what}`);
  return {
    block: block.index,
    activation: ffn.activation,
    form: activationForm(index, block.ffn!.nodes, where),
    width: ffn.width,
    gate: ffn.gate ? readWeight(model, index, ffn.gate, `${where} gate projection`) : null,
    up: readWeight(model, index, ffn.up, `${where} up projection`),
    down: readWeight(model, index, ffn.down, `${where} down projection`),
    gateBias: ffn.gateBias ? read(ffn.gateBias, 'gate bias') : null,
    upBias: ffn.upBias ? read(ffn.upBias, 'up bias') : null,
    downBias: ffn.downBias ? read(ffn.downBias, 'down bias') : null,
    normScale: ffn.normScale ? read(ffn.normScale, 'norm scale') : new Float32Array(hidden).fill(1),
    normEpsilon: ffn.normEpsilon,
    transposed: ffn.up.transposed,
  };
}

/** A projection weight as [in, out] row-major float32, whatever its stored layout. */
function readWeight(model: OnnxModel, index: GraphIndex, ref: WeightRef, what: string): Float32Array {
  const stored = readFloat32(model, index, ref.initializer, what);
  if (!ref.transposed) return stored;
  const [rows, cols] = ref.shape;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = stored[c * rows + r];
  return out;
}

function readFloat32(model: OnnxModel, index: GraphIndex, value: string, what: string): Float32Array {
  const tensor = constantTensor(index, value);
  if (!tensor) throw new Error(`${what} ("${value}") is not a constant`);
  if (tensor.dataType !== DataType.FLOAT) throw new Error(`${what} ("${value}") is not float32; fusion supports float32 models`);
  return tensorToFloat32(model, tensor);
}

function activationForm(index: GraphIndex, nodeNames: string[], where: string): ActivationForm {
  const names = new Set(nodeNames);
  const ops = index.nodes.filter((n) => names.has(n.name ?? ''));
  const single = ops.find((n) => SINGLE_OP_ACTIVATIONS.has(n.opType ?? ''));
  if (single) return { kind: 'op', node: single };
  const types = new Set(ops.map((n) => n.opType));
  if (types.has('Sigmoid')) return { kind: 'silu' };
  if (types.has('Erf')) return { kind: 'gelu-erf' };
  if (types.has('Tanh')) return { kind: 'gelu-tanh' };
  if (types.has('Relu')) return { kind: 'relu' };
  throw new Error(`${where}: cannot tell how its FFN computes the activation (ops: ${[...types].join(', ')})`);
}
