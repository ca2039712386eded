/** Quality of a candidate's next-token distributions against a reference, accumulated batch by batch. */
export interface NextTokenQuality {
  /** Mean over token positions of KL(p_ref || p_candidate), nats. */
  kl: number;
  /** Mean over token positions of 1 - cos(logits_ref, logits_candidate). */
  logitsCosineDistance: number;
  /** Mean next-token cross-entropy (nats) over the predictions that have a following token. */
  crossEntropyNats: { reference: number; candidate: number };
  positions: number;
  predictions: number;
}

export class NextTokenStats {
  private klSum = 0;
  private cosineSum = 0;
  private ceReference = 0;
  private ceCandidate = 0;
  private positions = 0;
  private predictions = 0;

  constructor(private readonly vocab: number) {}

  /** Logits [batch, seqLen, vocab] of both models on the same tokens [batch, seqLen]. */
  add(reference: Float32Array, candidate: Float32Array, tokens: ArrayLike<bigint | number>, batch: number, seqLen: number): void {
    const V = this.vocab;
    const logRef = new Float64Array(V);
    const logCand = new Float64Array(V);
    for (let row = 0; row < batch * seqLen; row++) {
      const offset = row * V;
      logSoftmax(reference, offset, V, logRef);
      logSoftmax(candidate, offset, V, logCand);
      let kl = 0;
      for (let v = 0; v < V; v++) kl += Math.exp(logRef[v]) * (logRef[v] - logCand[v]);
      this.klSum += kl;
      this.cosineSum += 1 - cosine(reference, candidate, offset, V);
      this.positions++;
      if ((row % seqLen) === seqLen - 1) continue;
      const next = Number(tokens[row + 1]);
      this.ceReference -= logRef[next];
      this.ceCandidate -= logCand[next];
      this.predictions++;
    }
  }

  result(): NextTokenQuality {
    return {
      kl: this.klSum / this.positions,
      logitsCosineDistance: this.cosineSum / this.positions,
      crossEntropyNats: { reference: this.ceReference / this.predictions, candidate: this.ceCandidate / this.predictions },
      positions: this.positions,
      predictions: this.predictions,
    };
  }
}

function logSoftmax(logits: Float32Array, offset: number, V: number, out: Float64Array): void {
  let max = -Infinity;
  for (let v = 0; v < V; v++) max = Math.max(max, logits[offset + v]);
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp(logits[offset + v] - max);
  const logSum = max + Math.log(sum);
  for (let v = 0; v < V; v++) out[v] = logits[offset + v] - logSum;
}

function cosine(a: Float32Array, b: Float32Array, offset: number, V: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let v = 0; v < V; v++) {
    const x = a[offset + v];
    const y = b[offset + v];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? (na === nb ? 1 : 0) : dot / Math.sqrt(na * nb);
}
