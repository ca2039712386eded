import * as ort from 'onnxruntime-node';
import type { ReferenceContribution } from './heads/measurement-heads.ts';
import { runPrologue, type FeedBuilder } from './prologue-runner.ts';
import { runChain, type SideValues, type StageRunner } from './stage-runner.ts';

/** The unmodified model's residual stream X_0..X_L and its logits. */
export interface IntactPass {
  /** stream[k] = X_k, the input of block k; stream[L] = output of the last block. Each [sequences*seqLen*hidden]. */
  stream: Float32Array[];
  sides: SideValues;
  /** The full model's logits [sequences*seqLen, vocab]. */
  logits: Float32Array;
  vocab: number;
}

/**
 * The prologue, then one chain run over every block that hands out each block's output stream.
 * Nothing is measured yet (there is no reference): the run gets zeros and its distances and KL
 * are not fetched.
 */
export async function runIntactPass(runner: StageRunner, buildFeeds: FeedBuilder, tokens: BigInt64Array): Promise<IntactPass> {
  const { stream: x0, sides } = await runPrologue(runner, buildFeeds, tokens);
  const blockCount = runner.sessions.partition.blocks.length;
  const outputs = Array.from({ length: blockCount }, () => new Float32Array(x0.length));
  const vocab = runner.vocab;
  const T = runner.sequences * runner.seqLen;
  const zero = zeroReference(T, runner.hidden);
  const { logits } = await runChain(runner, {
    entry: x0, first: 0, outputs, sides, references: outputs.map(() => zero),
    fullLogProbs: new ort.Tensor('float32', new Float32Array(T * vocab), [T, vocab]), fetch: { logits: true }, key: 'intactMs',
  });
  return { stream: [x0, ...outputs], sides, logits: logits as Float32Array, vocab };
}

export function zeroReference(tokens: number, hidden: number): ReferenceContribution {
  return {
    ref: new ort.Tensor('float32', new Float32Array(tokens * hidden), [tokens, hidden]),
    rr: new ort.Tensor('float32', new Float32Array(tokens), [tokens]),
  };
}
