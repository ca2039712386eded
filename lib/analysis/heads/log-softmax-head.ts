import { floatInput, headModel, node } from './head-graph.ts';

/** ONNX graph for the full model's next-token log-probabilities (stable, max-shifted, last axis) and probabilities. */
export function buildLogSoftmaxHead(): Uint8Array {
  return headModel('log_softmax_head', [node('LogSoftmax', ['logits'], 'lp', { axis: -1 }), node('Exp', ['lp'], 'p')],
    [floatInput('logits', ['N', 'V'])], [floatInput('lp', ['N', 'V']), floatInput('p', ['N', 'V'])], []);
}
