import { floatInput, floatScalar, headModel, int64Vector, node } from './head-graph.ts';

/**
 * ONNX graph measuring one block for a stack of variants, in float32 as ORT computes it:
 *   h = var_out - var_in                      [M, T, H] variant contributions h~^j_i
 *   distance[m] = mean_t (1 - <h, ref> / sqrt(max(|h|^2 rr, 1e-30)))   [M]
 * with ref [T, H] the intact contribution h^j and rr [T] its per-token squared norms (see
 * buildReferenceHead). A zero vector on either side gives distance 1.
 */
export function buildCosineHead(): Uint8Array {
  const nodes = [
    node('Sub', ['var_out', 'var_in'], 'h'),
    node('Mul', ['h', 'ref'], 'h_ref'),
    node('ReduceSum', ['h_ref', 'last_axis'], 'dot', { keepdims: 0 }),
    node('ReduceSumSquare', ['h'], 'hh', { axes: [-1], keepdims: 0 }),
    node('Mul', ['hh', 'rr'], 'norms_sq'),
    node('Max', ['norms_sq', 'tiny'], 'norms_sq_safe'),
    node('Sqrt', ['norms_sq_safe'], 'norms'),
    node('Div', ['dot', 'norms'], 'cos'),
    node('Sub', ['one', 'cos'], 'dist'),
    node('ReduceMean', ['dist'], 'distance', { axes: [1], keepdims: 0 }),
  ];
  return headModel(
    'cosine_head', nodes,
    [floatInput('ref', ['T', 'H']), floatInput('rr', ['T']), floatInput('var_out', ['M', 'T', 'H']), floatInput('var_in', ['M', 'T', 'H'])],
    [floatInput('distance', ['M'])],
    [int64Vector('last_axis', [-1]), floatScalar('one', 1), floatScalar('tiny', 1e-30)],
  );
}

/** ref = out - in (the intact contribution of a block) and rr = per-token sum of ref^2. */
export function buildReferenceHead(): Uint8Array {
  const nodes = [
    node('Sub', ['out', 'in'], 'ref'),
    node('ReduceSumSquare', ['ref'], 'rr', { axes: [-1], keepdims: 0 }),
  ];
  return headModel(
    'reference_head', nodes,
    [floatInput('out', ['T', 'H']), floatInput('in', ['T', 'H'])],
    [floatInput('ref', ['T', 'H']), floatInput('rr', ['T'])],
    [],
  );
}
