import * as ort from 'onnxruntime-node';
import type { ReferenceContribution } from './heads/measurement-heads.ts';
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
  timing: AnalysisTiming;
  /** Checked before every session run. */
  signal?: AbortSignal;
}

export interface BlockRun {
  /** The block output for every stacked copy of the batch. */
  output: Float32Array;
  /** Per stacked copy: mean cosine distance between its contribution and the reference one. */
  distances: Float32Array;
}

export interface BlockRunOptions {
  /** Intact contribution h^block the copies are measured against (the intact pass itself feeds zeros and ignores the distances). */
  reference: ReferenceContribution;
  /** Where ORT writes the output (the size of `stream`); by default a new array. */
  output?: Float32Array;
}

/** Runs block `block` on a stack of copies of the batch and measures each copy's contribution. */
export async function runBlockStage(
  runner: StageRunner, block: number, stream: Float32Array, sides: SideValues, key: TimingKey, options: BlockRunOptions,
): Promise<BlockRun> {
  runner.signal?.throwIfAborted();
  const { blocks, blockSwitch: names } = runner.sessions;
  const tokens = runner.sequences * runner.seqLen;
  const copies = stream.length / (tokens * runner.hidden);
  const ref = options.reference;
  const dims = [copies * runner.sequences, runner.seqLen, runner.hidden];
  const output = options.output ?? new Float32Array(stream.length);
  const feeds: SideValues = {
    [names.stream]: new ort.Tensor('float32', stream, dims),
    [names.blockIndex]: new ort.Tensor('float32', Float32Array.of(block), []),
    [names.reference]: ref.ref,
    [names.referenceNorms]: ref.rr,
    [names.variantShape]: new ort.Tensor('int64', BigInt64Array.of(BigInt(copies), BigInt(tokens), BigInt(runner.hidden)), [3]),
  };
  for (const name of names.sides) feeds[name] = requireSide(sides, name);
  // ORT writes the block output straight into `output`: no copy into a new JS buffer per run
  const fetches = { [names.output]: new ort.Tensor('float32', output, dims), [names.distanceSum]: null };
  const results = await timed(runner.timing, key, () => blocks.run(feeds, fetches));
  runner.timing.sessionRuns++;
  const sums = results[names.distanceSum].data as Float32Array;
  return { output, distances: sums.map((s) => s / tokens) };
}

/** Runs the epilogue on one copy of the batch; returns the logits [sequences, seqLen, vocab]. */
export async function runEpilogueStage(runner: StageRunner, stream: Float32Array, sides: SideValues): Promise<Float32Array> {
  runner.signal?.throwIfAborted();
  const stage = runner.sessions.partition.epilogue;
  const feeds: SideValues = { [stage.inputs[0]]: new ort.Tensor('float32', stream, [runner.sequences, runner.seqLen, runner.hidden]) };
  for (const name of stage.inputs.slice(1)) feeds[name] = requireSide(sides, name);
  const results = await timed(runner.timing, 'epilogueMs', () => runner.sessions.epilogue.run(feeds, [stage.outputs[0]]));
  runner.timing.sessionRuns++;
  return results[stage.outputs[0]].data as Float32Array;
}

function requireSide(sides: SideValues, name: string): ort.Tensor {
  const t = sides[name];
  if (!t) throw new Error(`stage input "${name}" is not produced by the prologue`);
  return t;
}
