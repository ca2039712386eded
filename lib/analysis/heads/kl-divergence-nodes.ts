import type { NodeProto, TensorProto } from '../../onnx/onnx-types.ts';
import { axisInitializer, int64Vector, reduceOverAxis } from './head-graph.ts';

/** Names of the values the KL nodes read and write. */
export interface KlDivergenceValues {
  /** Logits [(1 + m) * s, seqLen, V]: s sequences of the full model, then the same s sequences of m variants. */
  logits: string;
  /** int64 [3] = [1 + m, s * seqLen, V], fed with each run. */
  rowsShape: string;
  /** Output [m, s * seqLen]: per variant and token, KL(p_full || p_variant). */
  kl: string;
}

/**
 * Nodes that measure the drop-one KL where the logits are computed, in float32 as ORT computes
 * it, for the model's own default-domain opset (13 or later):
 *   lp = LogSoftmax(full logits), lq[m] = LogSoftmax(variant m's logits) (stable, max-shifted)
 *   kl[m, t] = sum_v exp(lp) (lp - lq[m])
 * The full model's rows travel in the same run, so no [T, V] array is kept between runs.
 */
export function klDivergenceNodes(v: KlDivergenceValues, opset: number, prefix: string): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const name = (s: string) => `${prefix}/${s}`;
  const op = (opType: string, input: string[], output: string, attribute: NodeProto['attribute'] = []): NodeProto =>
    ({ name: output, opType, input, output: [output], attribute });
  const nodes = [
    op('Reshape', [v.logits, v.rowsShape], name('logits_3d')),
    // the last axis of a 3-D input: the same in the opsets that coerce to 2-D (< 13) and the later ones
    op('LogSoftmax', [name('logits_3d')], name('log_probs'), [{ name: 'axis', type: 2, i: 2 }]),
    op('Slice', [name('log_probs'), name('zero'), name('one'), name('zero')], name('lp')),
    op('Slice', [name('log_probs'), name('one'), name('end'), name('zero')], name('lq')),
    op('Exp', [name('lp')], name('p')),
    op('Sub', [name('lp'), name('lq')], name('log_ratio')),
    op('Mul', [name('p'), name('log_ratio')], name('terms')),
    reduceOverAxis('ReduceSum', name('terms'), -1, v.kl, opset, name('last_axis')),
  ];
  const initializers = [
    int64Vector(name('zero'), [0]), int64Vector(name('one'), [1]), int64Vector(name('end'), [2 ** 53 - 1]),
    ...axisInitializer(name('last_axis'), -1, opset),
  ];
  return { nodes, initializers };
}
