import { constantTensor } from '../onnx/constant-values.ts';
import type { DecoderBlock, WeightRef } from '../onnx/decoder-structure.ts';
import type { GraphIndex } from '../onnx/graph-index.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { TensorProto } from '../onnx/onnx-types.ts';
import { tensorDims, tensorToFloat32 } from '../onnx/tensor-data.ts';
import { requireFloatWeight } from '../onnx/weight-data-type.ts';
import type { ActivationForm } from './ffn-parts.ts';
import type { StoredFfnParts, StoredMatrix, StoredVector } from './stored-ffn-parts.ts';

const SINGLE_OP_ACTIVATIONS = new Set(['Silu', 'Swish', 'Gelu', 'FastGelu']);

/**
 * One FFN-only block's FFN: its projection weights located (not read), its biases and norm scale
 * read; refuses what cannot be folded exactly.
 */
export function describeFfnParts(model: OnnxModel, index: GraphIndex, block: DecoderBlock, hidden: number): StoredFfnParts {
  const ffn = block.ffn?.ffn;
  if (!ffn) throw new Error(`block ${block.index} has no FFN`);
  const where = `block ${block.index}`;
  if (ffn.normKind !== 'rms') {
    throw new Error(`${where}: its FFN is fed by ${ffn.normKind === 'layer' ? 'a LayerNorm' : 'no norm found'}; fusion folds RMSNorm scales only`);
  }
  const vector = (value: string, what: string): StoredVector => {
    const tensor = floatConstant(index, value, `${where} ${what}`);
    return { values: tensorToFloat32(model, tensor), dataType: tensor.dataType! };
  };
  return {
    block: block.index,
    activation: ffn.activation,
    form: activationForm(index, block.ffn!.nodes, where),
    width: ffn.width,
    gate: ffn.gate ? storedMatrix(index, ffn.gate, `${where} gate projection`) : null,
    up: storedMatrix(index, ffn.up, `${where} up projection`),
    down: storedMatrix(index, ffn.down, `${where} down projection`),
    gateBias: ffn.gateBias ? vector(ffn.gateBias, 'gate bias') : null,
    upBias: ffn.upBias ? vector(ffn.upBias, 'up bias') : null,
    downBias: ffn.downBias ? vector(ffn.downBias, 'down bias') : null,
    normScale: ffn.normScale ? vector(ffn.normScale, 'norm scale').values : new Float32Array(hidden).fill(1),
    normEpsilon: ffn.normEpsilon,
    transposed: ffn.up.transposed,
  };
}

function storedMatrix(index: GraphIndex, ref: WeightRef, what: string): StoredMatrix {
  const tensor = floatConstant(index, ref.initializer, what);
  const dims = tensorDims(tensor);
  const [rows, cols] = ref.transposed ? [ref.shape[1], ref.shape[0]] : ref.shape;
  if (dims.length !== 2 || dims[0] !== rows || dims[1] !== cols) {
    throw new Error(`${what} ("${ref.initializer}") is stored with dims [${dims.join(', ')}], expected [${rows}, ${cols}]`);
  }
  return { tensor, rows, cols, dataType: tensor.dataType!, transposed: ref.transposed };
}

function floatConstant(index: GraphIndex, value: string, what: string): TensorProto {
  const tensor = constantTensor(index, value);
  if (!tensor) throw new Error(`${what} ("${value}") is not a constant`);
  // float32 holds every float16 and bfloat16 value exactly, so the wide weights are computed from them in float32.
  requireFloatWeight(tensor, what);
  return tensor;
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
