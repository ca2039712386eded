import type * as ort from 'onnxruntime-node';

/**
 * What a variant is measured against, all from the intact pass: each block's intact contribution
 * (for M) and the full model's next-token distribution (for the drop-one KL).
 */

/** The intact contribution h^k of one block and its per-token squared norms. */
export interface ReferenceContribution {
  /** [sequences, seqLen, H] */
  ref: ort.Tensor;
  /** [sequences, seqLen] */
  rr: ort.Tensor;
}

/** The full model's next-token log-probabilities and probabilities, [tokens, vocab]. */
export interface NextTokenDistribution {
  logProbs: ort.Tensor;
  probs: ort.Tensor;
}
