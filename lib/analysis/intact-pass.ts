import * as ort from 'onnxruntime-node';
import type { ReferenceContribution } from './heads/measurement-heads.ts';
import { runPrologue, type FeedBuilder } from './prologue-runner.ts';
import { runBlockStage, runEpilogueStage, type SideValues, type StageRunner } from './stage-runner.ts';

/** The unmodified model's residual stream X_0..X_L and its next-token log-probabilities. */
export interface IntactPass {
  /** stream[k] = X_k, the input of block k; stream[L] = output of the last block. Each [sequences*seqLen*hidden]. */
  stream: Float32Array[];
  /** Side values of the single (unstacked) batch. */
  sides: SideValues;
  /** The full model's logits [sequences*seqLen, vocab]; null when not requested. */
  logits: Float32Array | null;
  vocab: number;
}

export async function runIntactPass(
  runner: StageRunner, buildFeeds: FeedBuilder, tokens: BigInt64Array, withLogits: boolean,
): Promise<IntactPass> {
  const { stream: x0, sides } = await runPrologue(runner, buildFeeds, tokens, 1);
  const stream = [x0];
  const blockCount = runner.sessions.partition.blocks.length;
  const reference = zeroReference(runner.sequences * runner.seqLen, runner.hidden);
  for (let k = 0; k < blockCount; k++) stream.push((await runBlockStage(runner, k, stream[k], sides, 'intactMs', { reference })).output);
  if (!withLogits) return { stream, sides, logits: null, vocab: 0 };
  const logits = await runEpilogueStage(runner, stream[blockCount], sides);
  const vocab = logits.length / tokens.length;
  return { stream, sides, logits, vocab };
}

/** There is no reference for the intact stream itself: block runs get zeros and their distances are ignored. */
function zeroReference(tokens: number, hidden: number): ReferenceContribution {
  return {
    ref: new ort.Tensor('float32', new Float32Array(tokens * hidden), [tokens, hidden]),
    rr: new ort.Tensor('float32', new Float32Array(tokens), [tokens]),
  };
}
