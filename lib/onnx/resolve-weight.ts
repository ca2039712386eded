import { intAttribute, intsAttribute } from './constant-values.ts';
import type { WeightRef } from './decoder-structure.ts';
import type { GraphIndex } from './graph-index.ts';
import type { NodeProto, TensorProto } from './onnx-types.ts';
import { isWeightPassThrough } from './stored-initializer.ts';
import { tensorDims } from './tensor-data.ts';

/**
 * The weight operand of a projection node (MatMul input 1, Gemm input B): an initializer used
 * as [in, out], or an [out, in] initializer behind a Transpose (dynamo) or Gemm transB=1. Identity
 * nodes and float Casts (half-precision weights cast to float32) are looked through, before or
 * after the Transpose. Null when the operand is not a 2-D initializer read so.
 */
export function resolveWeight(index: GraphIndex, node: NodeProto): WeightRef | null {
  const gemmTransposed = node.opType === 'Gemm' && intAttribute(node, 'transB', 0) === 1;
  let value = node.input?.[1] ?? '';
  let throughTranspose = false;
  for (;;) {
    const tensor = index.initializers.get(value);
    if (tensor) return ref(value, tensor, throughTranspose || gemmTransposed);
    const producer = index.producer.get(value);
    if (producer && isWeightPassThrough(producer)) {
      value = producer.input?.[0] ?? '';
    } else if (producer?.opType === 'Transpose' && node.opType === 'MatMul' && !throughTranspose && swapsTwoAxes(producer)) {
      throughTranspose = true;
      value = producer.input?.[0] ?? '';
    } else {
      return null;
    }
  }
}

function swapsTwoAxes(transpose: NodeProto): boolean {
  const perm = intsAttribute(transpose, 'perm');
  return !perm || (perm.length === 2 && perm[0] === 1 && perm[1] === 0);
}

function ref(initializer: string, tensor: TensorProto, transposed: boolean): WeightRef | null {
  const dims = tensorDims(tensor);
  if (dims.length !== 2) return null;
  const stored: [number, number] = [dims[0], dims[1]];
  return { initializer, dataType: tensor.dataType ?? 0, transposed, shape: transposed ? [stored[1], stored[0]] : stored };
}

export const PROJECTION_NODE_OPS = new Set(['MatMul', 'Gemm']);
