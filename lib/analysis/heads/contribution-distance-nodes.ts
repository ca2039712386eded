import type { NodeProto, TensorProto } from '../../onnx/onnx-types.ts';
import { axisInitializer, floatScalar, int64Vector, node as op, reduceOverAxis } from './head-graph.ts';

/** Names of the values the contribution-distance nodes read and write. */
export interface ContributionDistanceValues {
  /** Block input and output, [m * sequences, seqLen, H]: m variant streams stacked on the batch axis. */
  blockIn: string;
  blockOut: string;
  /** Intact contribution h^j, [sequences, seqLen, H]. */
  reference: string;
  /** Output [m, sequences * seqLen]: per variant and token, 1 - cos(h~, h^j). */
  distance: string;
}

/**
 * Nodes appended to a block graph so that one run both evaluates the block on m stacked variant
 * streams and measures each against the intact contribution:
 *   h = out - in, seen as [m, T, H]
 *   distance[m, t] = 1 - <h, ref> / sqrt(max(|h|^2 |ref|^2, 1e-30))
 * in float32 as ORT computes it, for the model's own default-domain opset. Per token, so that the
 * mean over tokens is summed in float64 by the engine. A zero vector on either side gives 1.
 */
export function contributionDistanceNodes(
  v: ContributionDistanceValues, tokens: number, hidden: number, opset: number, prefix: string,
): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const name = (s: string) => `${prefix}/${s}`;
  const sumLast = (input: string, output: string) => reduceOverAxis('ReduceSum', input, -1, output, opset, name('last_axis'));
  const nodes = [
    op('Sub', [v.blockOut, v.blockIn], name('h')),
    op('Reshape', [name('h'), name('variants_shape')], name('h3')),
    op('Reshape', [v.reference, name('reference_shape')], name('r3')),
    op('Mul', [name('h3'), name('r3')], name('h_ref')),
    sumLast(name('h_ref'), name('dot')),
    op('Mul', [name('h3'), name('h3')], name('h_sq')),
    sumLast(name('h_sq'), name('hh')),
    op('Mul', [name('r3'), name('r3')], name('r_sq')),
    sumLast(name('r_sq'), name('rr')),
    op('Mul', [name('hh'), name('rr')], name('norms_sq')),
    op('Max', [name('norms_sq'), name('tiny')], name('norms_sq_safe')),
    op('Sqrt', [name('norms_sq_safe')], name('norms')),
    op('Div', [name('dot'), name('norms')], name('cos')),
    op('Sub', [name('one'), name('cos')], v.distance),
  ];
  const initializers = [
    floatScalar(name('one'), 1), floatScalar(name('tiny'), 1e-30),
    int64Vector(name('variants_shape'), [-1, tokens, hidden]), int64Vector(name('reference_shape'), [1, tokens, hidden]),
    ...axisInitializer(name('last_axis'), -1, opset),
  ];
  return { nodes, initializers };
}
