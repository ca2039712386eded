import type { ModelRunner } from './model-runner.ts';

export interface BatchLatency {
  batch: number;
  /** Median milliseconds of one forward pass. */
  reference: number;
  candidate: number;
  /** reference / candidate. */
  speedup: number;
}

export interface LatencyOptions {
  batches: number[];
  seqLen: number;
  /** Timed runs per model and batch size, after one warm-up run. */
  repeats: number;
  onStep?: () => void;
}

/**
 * Median latency of both models on the same inputs, runs interleaved (reference, candidate,
 * reference, ...) so load changes on a shared machine hit both alike.
 */
export async function measureLatency(reference: ModelRunner, candidate: ModelRunner, tokens: BigInt64Array, options: LatencyOptions): Promise<BatchLatency[]> {
  const results: BatchLatency[] = [];
  for (const batch of options.batches) {
    const input = tileSequences(tokens, options.seqLen, batch);
    await reference.logits(input, batch, options.seqLen);
    await candidate.logits(input, batch, options.seqLen);
    const times = { reference: [] as number[], candidate: [] as number[] };
    for (let r = 0; r < options.repeats; r++) {
      times.reference.push(await timeOne(() => reference.logits(input, batch, options.seqLen)));
      times.candidate.push(await timeOne(() => candidate.logits(input, batch, options.seqLen)));
    }
    const ref = median(times.reference);
    const cand = median(times.candidate);
    results.push({ batch, reference: ref, candidate: cand, speedup: ref / cand });
    options.onStep?.();
  }
  return results;
}

/** `batch` sequences of `seqLen`, repeating the available ones when there are fewer. */
export function tileSequences(tokens: BigInt64Array, seqLen: number, batch: number): BigInt64Array {
  const available = Math.floor(tokens.length / seqLen);
  if (available < 1) throw new Error(`${tokens.length} tokens are fewer than one sequence of ${seqLen}`);
  const out = new BigInt64Array(batch * seqLen);
  for (let s = 0; s < batch; s++) out.set(tokens.subarray((s % available) * seqLen, (s % available + 1) * seqLen), s * seqLen);
  return out;
}

async function timeOne(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
