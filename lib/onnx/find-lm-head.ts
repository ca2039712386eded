import type { WeightRef } from './decoder-structure.ts';
import type { GraphIndex } from './graph-index.ts';
import type { NodeProto } from './onnx-types.ts';
import { PROJECTION_NODE_OPS, resolveWeight } from './resolve-weight.ts';

export interface LmHead {
  node: NodeProto;
  weight: WeightRef;
  /** Graph output holding the logits. */
  logits: string;
}

const PASS_THROUGH = new Set(['Cast', 'Identity', 'Reshape', 'Squeeze', 'Unsqueeze']);

/** The graph output computed by a final projection to the vocabulary (MatMul/Gemm with a constant weight). */
export function findLmHead(index: GraphIndex, vocabSize: number): LmHead | null {
  const outputs = [...index.graphOutputs].sort((a, b) => Number(b === 'logits') - Number(a === 'logits'));
  for (const logits of outputs) {
    let node = index.producer.get(logits);
    while (node && PASS_THROUGH.has(node.opType ?? '')) node = index.producer.get(node.input?.[0] ?? '');
    if (!node || !PROJECTION_NODE_OPS.has(node.opType ?? '')) continue;
    const weight = resolveWeight(index, node);
    if (weight && weight.shape[1] === vocabSize) return { node, weight, logits };
  }
  return null;
}
