export interface CrossEntropyReport {
  reference: number;
  candidate: number;
  /** candidate - reference. */
  delta: number;
  /** bits/byte for byte-level models (vocabulary 256), nats/token otherwise. */
  unit: 'bits/byte' | 'nats/token';
  /** exp(cross-entropy) of each model, for models that are not byte-level. */
  perplexity?: { reference: number; candidate: number };
}

export function crossEntropyReport(nats: { reference: number; candidate: number }, vocabSize: number): CrossEntropyReport {
  if (vocabSize === 256) {
    const reference = nats.reference / Math.LN2;
    const candidate = nats.candidate / Math.LN2;
    return { reference, candidate, delta: candidate - reference, unit: 'bits/byte' };
  }
  return {
    ...nats,
    delta: nats.candidate - nats.reference,
    unit: 'nats/token',
    perplexity: { reference: Math.exp(nats.reference), candidate: Math.exp(nats.candidate) },
  };
}
