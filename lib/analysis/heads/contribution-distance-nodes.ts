import type { NodeProto, TensorProto } from '../../onnx/onnx-types.ts';
import { axisInitializer, floatScalar, reduceOverAxis } from './head-graph.ts';

/** Names of the values the contribution-distance nodes read and write. */
export interface ContributionDistanceValues {
  /** Block input and output, [M * sequences, seqLen, H]. */
  blockIn: string;
  blockOut: string;
  /** Intact contribution h^j [T, H] and its per-token squared norms [T]. */
  reference: string;
  referenceNorms: string;
  /** int64 [3] = [M, T, H]: the batch as M copies of the T calibration tokens (the block chain runs one). */
  variantShape: string;
  /** Output [M]: sum over tokens of 1 - cos(h~_t, h_t); the engine divides by T. */
  distanceSum: string;
}

/**
 * Nodes appended to a block graph so that one run both evaluates the block and measures it:
 *   h = out - in, reshaped [M, T, H]
 *   distanceSum[m] = sum_t (1 - <h, ref> / sqrt(max(|h|^2 rr, 1e-30)))
 * in float32 as ORT computes it, written for the model's own default-domain opset. A zero
 * vector on either side gives a distance of 1.
 */
export function contributionDistanceNodes(v: ContributionDistanceValues, opset: number, prefix: string): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const name = (s: string) => `${prefix}/${s}`;
  const sum = (input: string, axis: number, output: string) => reduceOverAxis('ReduceSum', input, axis, output, opset, name(`axis_${axis}`));
  const sumOfSquares = (input: string, axis: number, output: string) =>
    reduceOverAxis('ReduceSumSquare', input, axis, output, opset, name(`axis_${axis}`));
  const op = (opType: string, input: string[], output: string): NodeProto => ({ name: output, opType, input, output: [output] });
  const nodes = [
    op('Sub', [v.blockOut, v.blockIn], name('h_flat')),
    op('Reshape', [name('h_flat'), v.variantShape], name('h')),
    op('Mul', [name('h'), v.reference], name('h_ref')),
    sum(name('h_ref'), -1, name('dot')),
    sumOfSquares(name('h'), -1, name('hh')),
    op('Mul', [name('hh'), v.referenceNorms], name('norms_sq')),
    op('Max', [name('norms_sq'), name('tiny')], name('norms_sq_safe')),
    op('Sqrt', [name('norms_sq_safe')], name('norms')),
    op('Div', [name('dot'), name('norms')], name('cos')),
    op('Sub', [name('one'), name('cos')], name('distance')),
    sum(name('distance'), 1, v.distanceSum),
  ];
  const initializers = [floatScalar(name('one'), 1), floatScalar(name('tiny'), 1e-30),
    ...axisInitializer(name('axis_-1'), -1, opset), ...axisInitializer(name('axis_1'), 1, opset)];
  return { nodes, initializers };
}
