import type { NodeProto, TensorProto } from '../../onnx/onnx-types.ts';
import { axisInitializer, floatScalar, node as op, reduceOverAxis } from './head-graph.ts';

/** Names of the values the contribution-distance nodes read and write. */
export interface ContributionDistanceValues {
  /** Block input and output, [sequences, seqLen, H]. */
  blockIn: string;
  blockOut: string;
  /** Intact contribution h^j [sequences, seqLen, H] and its per-token squared norms [sequences, seqLen]. */
  reference: string;
  referenceNorms: string;
  /** Output, a scalar: the sum over tokens of 1 - cos(h~, h^j); the engine divides by the token count. */
  distanceSum: string;
}

/**
 * Nodes appended to a block graph so that one run both evaluates the block and measures it:
 *   h = out - in
 *   distanceSum = sum_t (1 - <h, ref> / sqrt(max(|h|^2 rr, 1e-30)))
 * in float32 as ORT computes it, written for the model's own default-domain opset. A zero
 * vector on either side gives a distance of 1. |h|^2 is a product and a sum (ORT's
 * ReduceSumSquare over the last axis is slower than the two together).
 */
export function contributionDistanceNodes(v: ContributionDistanceValues, opset: number, prefix: string): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const name = (s: string) => `${prefix}/${s}`;
  const sumLast = (input: string, output: string) => reduceOverAxis('ReduceSum', input, -1, output, opset, name('last_axis'));
  const nodes = [
    op('Sub', [v.blockOut, v.blockIn], name('h')),
    op('Mul', [name('h'), v.reference], name('h_ref')),
    sumLast(name('h_ref'), name('dot')),
    op('Mul', [name('h'), name('h')], name('h_sq')),
    sumLast(name('h_sq'), name('hh')),
    op('Mul', [name('hh'), v.referenceNorms], name('norms_sq')),
    op('Max', [name('norms_sq'), name('tiny')], name('norms_sq_safe')),
    op('Sqrt', [name('norms_sq_safe')], name('norms')),
    op('Div', [name('dot'), name('norms')], name('cos')),
    op('Sub', [name('one'), name('cos')], name('distance')),
    // no axes: every token
    op('ReduceSum', [name('distance')], v.distanceSum, { keepdims: 0 }),
  ];
  const initializers = [floatScalar(name('one'), 1), floatScalar(name('tiny'), 1e-30), ...axisInitializer(name('last_axis'), -1, opset)];
  return { nodes, initializers };
}
