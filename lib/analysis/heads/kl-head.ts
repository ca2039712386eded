import { floatInput, headModel, int64Vector, node } from './head-graph.ts';

/**
 * ONNX graph for the drop-one KL, in float32 as ORT computes it:
 *   lq = LogSoftmax(logits_q) (stable, max-shifted, last axis)
 *   kl = mean_t sum_v exp(lp) (lp - lq)                      scalar
 * with lp the full model's log-probabilities (buildLogSoftmaxHead), computed once.
 */
export function buildKlHead(): Uint8Array {
  const nodes = [
    node('LogSoftmax', ['logits_q'], 'lq', { axis: -1 }),
    node('Exp', ['lp'], 'p'),
    node('Sub', ['lp', 'lq'], 'log_ratio'),
    node('Mul', ['p', 'log_ratio'], 'terms'),
    node('ReduceSum', ['terms', 'last_axis'], 'kl_token', { keepdims: 0 }),
    node('ReduceMean', ['kl_token'], 'kl', { axes: [0], keepdims: 0 }),
  ];
  return headModel(
    'kl_head', nodes,
    [floatInput('lp', ['N', 'V']), floatInput('logits_q', ['N', 'V'])],
    [floatInput('kl', [])],
    [int64Vector('last_axis', [-1])],
  );
}

export function buildLogSoftmaxHead(): Uint8Array {
  return headModel('log_softmax_head', [node('LogSoftmax', ['logits'], 'lp', { axis: -1 })],
    [floatInput('logits', ['N', 'V'])], [floatInput('lp', ['N', 'V'])], []);
}
