import { intAttribute, intsAttribute } from './constant-values.ts';
import type { WeightRef } from './decoder-structure.ts';
import type { GraphIndex } from './graph-index.ts';
import type { NodeProto } from './onnx-types.ts';
import { tensorDims } from './tensor-data.ts';

/**
 * The weight operand of a projection node (MatMul input 1, Gemm input B): an initializer used
 * as [in, out], or an [out, in] initializer behind a Transpose (dynamo) or Gemm transB=1.
 * Null when the operand is not a 2-D initializer.
 */
export function resolveWeight(index: GraphIndex, node: NodeProto): WeightRef | null {
  const operand = throughIdentity(index, node.input?.[1] ?? '');
  if (!operand) return null;
  const gemmTransposed = node.opType === 'Gemm' && intAttribute(node, 'transB', 0) === 1;
  const direct = matrix(index, operand);
  if (direct) return ref(operand, direct, gemmTransposed);
  const producer = index.producer.get(operand);
  if (producer?.opType !== 'Transpose' || node.opType !== 'MatMul') return null;
  const perm = intsAttribute(producer, 'perm');
  const source = throughIdentity(index, producer.input?.[0] ?? '');
  const dims = matrix(index, source);
  if (!dims || (perm && (perm[0] !== 1 || perm[1] !== 0))) return null;
  return ref(source, dims, true);
}

/** Exporters sometimes alias an initializer through Identity nodes. */
function throughIdentity(index: GraphIndex, value: string): string {
  let current = value;
  for (let p = index.producer.get(current); p?.opType === 'Identity'; p = index.producer.get(current)) current = p.input?.[0] ?? '';
  return current;
}

function matrix(index: GraphIndex, name: string): [number, number] | null {
  const tensor = index.initializers.get(name);
  const dims = tensor ? tensorDims(tensor) : null;
  return dims && dims.length === 2 ? [dims[0], dims[1]] : null;
}

function ref(initializer: string, stored: [number, number], transposed: boolean): WeightRef {
  return { initializer, transposed, shape: transposed ? [stored[1], stored[0]] : stored };
}

export const PROJECTION_NODE_OPS = new Set(['MatMul', 'Gemm']);
