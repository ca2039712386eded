import type * as ort from 'onnxruntime-node';
import type { StageRunner, SideValues } from './stage-runner.ts';
import { timed } from './timing.ts';

/** Builds the model inputs (input_ids, attention_mask, ...) for `sequences` rows of token ids. */
export type FeedBuilder = (tokens: BigInt64Array, sequences: number) => Record<string, ort.Tensor>;

export interface PrologueOutput {
  stream: Float32Array;
  sides: SideValues;
}

/** Runs the prologue on the calibration batch repeated `multiplier` times along axis 0. */
export async function runPrologue(
  runner: StageRunner, buildFeeds: FeedBuilder, tokens: BigInt64Array, multiplier: number,
): Promise<PrologueOutput> {
  runner.signal?.throwIfAborted();
  const stage = runner.sessions.partition.prologue;
  const all = buildFeeds(tileTokens(tokens, multiplier), runner.sequences * multiplier);
  const feeds = Object.fromEntries(runner.sessions.prologue.inputNames.map((name) => [name, all[name]]));
  const out = await timed(runner.timing, 'prologueMs', () => runner.sessions.prologue.run(feeds));
  runner.timing.sessionRuns++;
  const [streamName, ...sideNames] = stage.outputs;
  const sides: SideValues = {};
  for (const name of sideNames) sides[name] = out[name];
  return { stream: out[streamName].data as Float32Array, sides };
}

export function tileTokens(tokens: BigInt64Array, multiplier: number): BigInt64Array {
  if (multiplier === 1) return tokens;
  const tiled = new BigInt64Array(tokens.length * multiplier);
  for (let k = 0; k < multiplier; k++) tiled.set(tokens, k * tokens.length);
  return tiled;
}

/**
 * Side values (masks, rotary tables, shapes...) for a stack of `multiplier` variants, obtained by
 * running the prologue on the tiled batch, so that every batch-dependent value (including shape
 * values that hold the batch size) is consistent with the stacked stream. Each multiplier is
 * computed once and kept: multipliers never exceed the variant batch, and a stack's side values
 * are far smaller than the activations of one stacked block run.
 */
export function createSideValueCache(runner: StageRunner, buildFeeds: FeedBuilder, tokens: BigInt64Array, single: SideValues) {
  const cache = new Map<number, SideValues>([[1, single]]);
  return async function sidesFor(multiplier: number): Promise<SideValues> {
    const known = cache.get(multiplier);
    if (known) return known;
    const { sides } = await runPrologue(runner, buildFeeds, tokens, multiplier);
    cache.set(multiplier, sides);
    return sides;
  };
}
