import type { ModelComparison } from './compare-models.ts';

/** A short human-readable summary of a comparison. */
export function formatComparison(c: ModelComparison): string {
  const ce = c.crossEntropy;
  const lines = [
    `KL(reference || candidate)   ${c.kl.toExponential(3)} nats/token`,
    `logits cosine distance       ${c.logitsCosineDistance.toExponential(3)}`,
    `cross-entropy (${ce.unit})  reference ${ce.reference.toFixed(4)}, candidate ${ce.candidate.toFixed(4)} (${ce.delta >= 0 ? '+' : ''}${ce.delta.toFixed(4)})`,
    ...(ce.perplexity ? [`perplexity                   reference ${ce.perplexity.reference.toFixed(3)}, candidate ${ce.perplexity.candidate.toFixed(3)}`] : []),
    ...c.latencyMs.batches.map((b) => `latency batch ${String(b.batch).padEnd(3)}          reference ${b.reference.toFixed(1)} ms, candidate ${b.candidate.toFixed(1)} ms (x${b.speedup.toFixed(2)})`),
    `sequential depth             ${c.depth.reference} -> ${c.depth.candidate} sublayers`,
    `parameters                   ${c.parameters.reference.toLocaleString('en-US')} -> ${c.parameters.candidate.toLocaleString('en-US')}`,
    `on ${c.evaluation.sequences} sequences of ${c.evaluation.seqLen} tokens, ${c.latencyMs.threads} threads`,
  ];
  return lines.join('\n');
}
