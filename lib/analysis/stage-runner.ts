import * as ort from 'onnxruntime-node';
import type { NextTokenDistribution, ReferenceContribution } from './measurement-references.ts';
import type { AnalysisTiming } from './types.ts';
import type { StageSessions } from './stage-sessions.ts';
import { timed, type TimingKey } from './timing.ts';

export type SideValues = Record<string, ort.Tensor>;

/** What every stage run needs: the sessions, the batch geometry and the timing totals. */
export interface StageRunner {
  sessions: StageSessions;
  sequences: number;
  seqLen: number;
  hidden: number;
  vocab: number;
  timing: AnalysisTiming;
  /** Checked before every session run. */
  signal?: AbortSignal;
}

/** One run of the block chain: blocks first..L-1 and the epilogue, entering with `entry`. */
export interface ChainRun {
  /** The stream entering block `first`, [sequences * seqLen * hidden]. */
  entry: Float32Array;
  first: number;
  /** Every block's output stream is written to outputs[k] (the intact pass); absent for a variant. */
  outputs?: Float32Array[];
  sides: SideValues;
  /** Intact contributions h^k measured against, one per block (zeros where nothing is measured). */
  references: ReferenceContribution[];
  /** The full model's next-token distribution [T, V] the KL is measured against. */
  full: NextTokenDistribution;
  /** What to fetch besides the outputs; `distribution` only with `outputs` (the intact pass). */
  fetch: { distribution?: boolean; distancesFrom?: number; kl?: boolean };
  key: TimingKey;
}

export interface ChainResult {
  /** Mean cosine distance per block from `fetch.distancesFrom` on (index = block). */
  distances: Map<number, number>;
  kl: number | null;
  /** This run's next-token distribution [T, V] (fetch.distribution). */
  distribution: NextTokenDistribution | null;
}

export async function runChain(runner: StageRunner, run: ChainRun): Promise<ChainResult> {
  runner.signal?.throwIfAborted();
  const names = runner.sessions.chainModel;
  const tokens = runner.sequences * runner.seqLen;
  const dims = [runner.sequences, runner.seqLen, runner.hidden];
  const feeds: SideValues = {
    [names.stream]: new ort.Tensor('float32', run.entry, dims),
    [names.first]: new ort.Tensor('float32', Float32Array.of(run.first), []),
    [names.emit]: new ort.Tensor('int64', BigInt64Array.of(run.outputs ? BigInt(runner.sequences) : 0n), [1]),
    [names.fullLogProbs]: run.full.logProbs,
    [names.fullProbs]: run.full.probs,
  };
  run.references.forEach((r, k) => {
    feeds[names.references[k]] = r.ref;
    feeds[names.referenceNorms[k]] = r.rr;
  });
  for (const name of names.sides) feeds[name] = requireSide(run.sides, name);
  // outputs are written by ORT straight into the given arrays
  const fetches: Record<string, ort.Tensor | null> = {};
  run.outputs?.forEach((out, k) => { fetches[names.streams[k]] = new ort.Tensor('float32', out, dims); });
  if (run.fetch.distribution) {
    fetches[names.nextTokenLogProbs] = null;
    fetches[names.nextTokenProbs] = null;
  }
  if (run.fetch.kl) fetches[names.klSum] = null;
  const from = run.fetch.distancesFrom ?? names.distanceSums.length;
  for (let k = from; k < names.distanceSums.length; k++) fetches[names.distanceSums[k]] = null;
  const results = await timed(runner.timing, run.key, () => runner.sessions.chain.run(feeds, fetches));
  runner.timing.sessionRuns++;
  const distances = new Map<number, number>();
  for (let k = from; k < names.distanceSums.length; k++) distances.set(k, (results[names.distanceSums[k]].data as Float32Array)[0] / tokens);
  return {
    distances,
    kl: run.fetch.kl ? (results[names.klSum].data as Float32Array)[0] / tokens : null,
    distribution: run.fetch.distribution ? tokenRows(results[names.nextTokenLogProbs], results[names.nextTokenProbs], tokens) : null,
  };
}

/** The distribution [1, T, V] as [T, V] (the same data). */
function tokenRows(logProbs: ort.Tensor, probs: ort.Tensor, tokens: number): NextTokenDistribution {
  const dims = [tokens, logProbs.size / tokens];
  return { logProbs: new ort.Tensor('float32', logProbs.data as Float32Array, dims), probs: new ort.Tensor('float32', probs.data as Float32Array, dims) };
}

function requireSide(sides: SideValues, name: string): ort.Tensor {
  const t = sides[name];
  if (!t) throw new Error(`stage input "${name}" is not produced by the prologue`);
  return t;
}
