import { floatInput, floatScalar, headModel, int64Vector, node } from './head-graph.ts';

/**
 * ONNX graph for the per-block metrics of the intact pass, in float32 as ORT computes it, from a
 * block's input x_in and output x_out, both [T, H]:
 *   influence = mean_t (1 - cos(x_in,t, x_out,t))        ShortGPT BI = input/output cosine distance
 *   ratio     = mean_t ||x_out,t - x_in,t|| / ||x_in,t||  contribution norm ratio
 * Zero vectors: cos taken as 0 (distance 1); a zero input gives a ratio of ||h|| / 1e-15.
 */
export function buildBlockMetricsHead(): Uint8Array {
  const nodes = [
    node('Mul', ['x_in', 'x_out'], 'io'),
    node('ReduceSum', ['io', 'last_axis'], 'dot', { keepdims: 0 }),
    node('ReduceSumSquare', ['x_in'], 'ii', { axes: [-1], keepdims: 0 }),
    node('ReduceSumSquare', ['x_out'], 'oo', { axes: [-1], keepdims: 0 }),
    node('Mul', ['ii', 'oo'], 'norms_sq'),
    node('Max', ['norms_sq', 'tiny'], 'norms_sq_safe'),
    node('Sqrt', ['norms_sq_safe'], 'norms'),
    node('Div', ['dot', 'norms'], 'cos'),
    node('Sub', ['one', 'cos'], 'dist'),
    node('ReduceMean', ['dist'], 'influence', { axes: [0], keepdims: 0 }),
    node('Sub', ['x_out', 'x_in'], 'h'),
    node('ReduceSumSquare', ['h'], 'hh', { axes: [-1], keepdims: 0 }),
    node('Max', ['ii', 'tiny'], 'ii_safe'),
    node('Div', ['hh', 'ii_safe'], 'ratio_sq'),
    node('Sqrt', ['ratio_sq'], 'ratio_t'),
    node('ReduceMean', ['ratio_t'], 'ratio', { axes: [0], keepdims: 0 }),
  ];
  return headModel(
    'block_metrics_head', nodes,
    [floatInput('x_in', ['T', 'H']), floatInput('x_out', ['T', 'H'])],
    [floatInput('influence', []), floatInput('ratio', [])],
    [int64Vector('last_axis', [-1]), floatScalar('one', 1), floatScalar('tiny', 1e-30)],
  );
}
