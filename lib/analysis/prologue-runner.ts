import type * as ort from 'onnxruntime-node';
import type { StageRunner, SideValues } from './stage-runner.ts';
import { timed } from './timing.ts';

/** Builds the model inputs (input_ids, attention_mask, ...) for `sequences` rows of token ids. */
export type FeedBuilder = (tokens: BigInt64Array, sequences: number) => Record<string, ort.Tensor>;

export interface PrologueOutput {
  stream: Float32Array;
  sides: SideValues;
}

/** Runs the prologue on the calibration batch: the stream X_0 and the side values the blocks read. */
export async function runPrologue(runner: StageRunner, buildFeeds: FeedBuilder, tokens: BigInt64Array): Promise<PrologueOutput> {
  runner.signal?.throwIfAborted();
  const all = buildFeeds(tokens, runner.sequences);
  const feeds = Object.fromEntries(runner.sessions.prologue.inputNames.map((name) => [name, all[name]]));
  const out = await timed(runner.timing, 'prologueMs', () => runner.sessions.prologue.run(feeds));
  runner.timing.sessionRuns++;
  const [streamName, ...sideNames] = runner.sessions.prologueOutputs;
  const sides: SideValues = {};
  for (const name of sideNames) sides[name] = out[name];
  return { stream: out[streamName].data as Float32Array, sides };
}
