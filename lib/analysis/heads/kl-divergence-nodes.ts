import type { NodeProto, TensorProto } from '../../onnx/onnx-types.ts';
import { axisInitializer, reduceOverAxis } from './head-graph.ts';

/** Names of the values the KL nodes read and write. */
export interface KlDivergenceValues {
  /** Logits of the model with a block dropped, [batch, seqLen, V]. */
  logits: string;
  /** The full model's next-token log-probabilities lp and probabilities p = exp(lp), [T, V]. */
  logProbs: string;
  probs: string;
  /** int64 [3] = [M, T, -1]: the logits as M stacked copies of the T calibration tokens. */
  logitsShape: string;
  /** Output [M]: per stacked copy, the sum over tokens of KL(p || q); the engine divides by T. */
  klSum: string;
}

/**
 * Nodes that measure the drop-one KL where the logits are computed, in float32 as ORT computes
 * it, written for the model's own default-domain opset:
 *   lq = LogSoftmax(logits as [M, T, V]) (stable, max-shifted)
 *   klSum[m] = sum_t (sum_v p (lp - lq[m]))
 * Summed per token first: one float32 sum over T x V terms would lose digits. `logProbs` in the
 * result names lq, [M, T, V].
 */
export function klDivergenceNodes(
  v: KlDivergenceValues, opset: number, prefix: string,
): { nodes: NodeProto[]; initializers: TensorProto[]; logProbs: string } {
  const name = (s: string) => `${prefix}/${s}`;
  const op = (opType: string, input: string[], output: string, attribute: NodeProto['attribute'] = []): NodeProto =>
    ({ name: output, opType, input, output: [output], attribute });
  const sumLast = (input: string, output: string) => reduceOverAxis('ReduceSum', input, -1, output, opset, name('last_axis'));
  const nodes = [
    op('Reshape', [v.logits, v.logitsShape], name('logits_3d')),
    // the last axis of a 3-D input: the same in the opsets that coerce to 2-D (< 13) and the later ones
    op('LogSoftmax', [name('logits_3d')], name('lq'), [{ name: 'axis', type: 2, i: 2 }]),
    op('Sub', [v.logProbs, name('lq')], name('log_ratio')),
    op('Mul', [v.probs, name('log_ratio')], name('terms')),
    sumLast(name('terms'), name('kl_token')),
    sumLast(name('kl_token'), v.klSum),
  ];
  return { nodes, initializers: axisInitializer(name('last_axis'), -1, opset), logProbs: name('lq') };
}
