import * as ort from 'onnxruntime-node';
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

/** Runs block `block` on `multiplier` stacked copies of the batch; returns the output stream. */
export async function runBlockStage(
  runner: StageRunner, block: number, stream: Float32Array, sides: SideValues, key: TimingKey,
): Promise<Float32Array> {
  const stage = runner.sessions.partition.blocks[block];
  return runStage(runner, runner.sessions.blocks[block], stage.inputs, stage.outputs[0], stream, sides, key);
}

/** Runs the epilogue on one copy of the batch; returns the logits [sequences, seqLen, vocab]. */
export async function runEpilogueStage(runner: StageRunner, stream: Float32Array, sides: SideValues): Promise<Float32Array> {
  const stage = runner.sessions.partition.epilogue;
  return runStage(runner, runner.sessions.epilogue, stage.inputs, stage.outputs[0], stream, sides, 'epilogueMs');
}

async function runStage(
  runner: StageRunner, session: ort.InferenceSession, inputs: string[], output: string,
  stream: Float32Array, sides: SideValues, key: TimingKey,
): Promise<Float32Array> {
  runner.signal?.throwIfAborted();
  const rows = stream.length / (runner.seqLen * runner.hidden);
  const feeds: SideValues = { [inputs[0]]: new ort.Tensor('float32', stream, [rows, runner.seqLen, runner.hidden]) };
  for (const name of inputs.slice(1)) feeds[name] = requireSide(sides, name);
  const results = await timed(runner.timing, key, () => session.run(feeds, [output]));
  runner.timing.sessionRuns++;
  return results[output].data as Float32Array;
}

function requireSide(sides: SideValues, name: string): ort.Tensor {
  const t = sides[name];
  if (!t) throw new Error(`stage input "${name}" is not produced by the prologue`);
  return t;
}
