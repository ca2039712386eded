import { floatInput, headModel, node } from './head-graph.ts';

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
