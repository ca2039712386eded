import type { NodeProto } from '../../onnx/onnx-types.ts';
import { floatInput, floatScalar, headModel, int64Vector, node } from './head-graph.ts';

/** Value names of the intact-stream graph: inputs x_0..x_L, outputs per block. */
export const intactStreamNames = {
  stream: (k: number) => `x_${k}`,
  reference: (k: number) => `ref_${k}`,
  referenceNorms: (k: number) => `rr_${k}`,
  influence: (k: number) => `influence_${k}`,
  ratio: (k: number) => `ratio_${k}`,
};

/**
 * One ONNX graph that measures the whole intact stream X_0..X_L ([sequences, seqLen, H] each;
 * block k maps X_k to X_k+1) in a single run, in float32 as ORT computes it:
 *   ref_k = h_k = X_k+1 - X_k and rr_k = per-token sum of h_k^2 (the contribution every variant is
 *           measured against), for k >= referencesFrom only
 *   influence_k = mean_t (1 - cos(X_k,t, X_k+1,t))     ShortGPT BI = input/output cosine distance
 *   ratio_k     = mean_t ||h_k,t|| / ||X_k,t||          contribution norm ratio
 * Zero vectors: cos taken as 0 (distance 1); a zero input gives a ratio of ||h|| / 1e-15.
 * Each stream's squared norms are computed once and shared by the two blocks it borders.
 */
export function buildIntactStreamHead(blockCount: number, referencesFrom: number): Uint8Array {
  const names = intactStreamNames;
  const squares = Array.from({ length: blockCount + 1 }, (_, k) => node('ReduceSumSquare', [names.stream(k)], `sq_${k}`, { axes: [-1], keepdims: 0 }));
  const blocks = Array.from({ length: blockCount }, (_, k) => blockNodes(k));
  const outputs = [
    ...Array.from({ length: blockCount }, (_, k) => [floatInput(names.influence(k), []), floatInput(names.ratio(k), [])]).flat(),
    ...Array.from({ length: Math.max(0, blockCount - referencesFrom) }, (_, j) => j + referencesFrom)
      .flatMap((k) => [floatInput(names.reference(k), ['B', 'S', 'H']), floatInput(names.referenceNorms(k), ['B', 'S'])]),
  ];
  return headModel(
    'intact_stream_head', [...squares, ...blocks.flat()],
    Array.from({ length: blockCount + 1 }, (_, k) => floatInput(names.stream(k), ['B', 'S', 'H'])), outputs,
    [int64Vector('last_axis', [-1]), floatScalar('one', 1), floatScalar('tiny', 1e-30)],
  );
}

function blockNodes(k: number): NodeProto[] {
  const names = intactStreamNames;
  const [xIn, xOut, ii, oo] = [names.stream(k), names.stream(k + 1), `sq_${k}`, `sq_${k + 1}`];
  const v = (s: string) => `block_${k}/${s}`;
  const h = names.reference(k);
  const hh = names.referenceNorms(k);
  return [
    node('Mul', [xIn, xOut], v('io')),
    node('ReduceSum', [v('io'), 'last_axis'], v('dot'), { keepdims: 0 }),
    node('Mul', [ii, oo], v('norms_sq')),
    node('Max', [v('norms_sq'), 'tiny'], v('norms_sq_safe')),
    node('Sqrt', [v('norms_sq_safe')], v('norms')),
    node('Div', [v('dot'), v('norms')], v('cos')),
    node('Sub', ['one', v('cos')], v('dist')),
    node('ReduceMean', [v('dist')], names.influence(k), { keepdims: 0 }),
    node('Sub', [xOut, xIn], h),
    node('ReduceSumSquare', [h], hh, { axes: [-1], keepdims: 0 }),
    node('Max', [ii, 'tiny'], v('ii_safe')),
    node('Div', [hh, v('ii_safe')], v('ratio_sq')),
    node('Sqrt', [v('ratio_sq')], v('ratio_t')),
    node('ReduceMean', [v('ratio_t')], names.ratio(k), { keepdims: 0 }),
  ];
}
