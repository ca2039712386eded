import * as ort from 'onnxruntime-node';
import type { AnalysisMemory } from './analysis-memory.ts';
import type { NextTokenDistribution, ReferenceContribution } from './measurement-references.ts';
import { runPrologue, type FeedBuilder } from './prologue-runner.ts';
import { runChain, type SideValues, type StageRunner } from './stage-runner.ts';

/** The unmodified model's residual stream X_0..X_L and its next-token distribution. */
export interface IntactPass {
  /** stream[k] = X_k, the input of block k; stream[L] = output of the last block. Each [sequences*seqLen*hidden]. */
  stream: Float32Array[];
  sides: SideValues;
  /** The full model's next-token distribution [sequences*seqLen, vocab], what the drop-one KL is measured against. */
  full: NextTokenDistribution;
}

/**
 * The prologue, then one chain run over every block that hands out each block's output stream (into
 * memory.streams) and the next-token distribution. Nothing is measured yet (there is no reference):
 * the run gets zeros, one token that the measuring nodes broadcast over the tokens, and its distances
 * and KL are not fetched.
 */
export async function runIntactPass(runner: StageRunner, buildFeeds: FeedBuilder, tokens: BigInt64Array, memory: AnalysisMemory): Promise<IntactPass> {
  const { stream: x0, sides } = await runPrologue(runner, buildFeeds, tokens);
  const outputs = await memory.streams;
  const zero = zeroReference(runner.hidden);
  const noDistribution = new ort.Tensor('float32', new Float32Array(runner.vocab), [1, runner.vocab]);
  const { distribution } = await runChain(runner, {
    entry: x0, first: 0, outputs, sides, references: outputs.map(() => zero),
    full: { logProbs: noDistribution, probs: noDistribution }, fetch: { distribution: true }, key: 'intactMs',
  });
  return { stream: [x0, ...outputs], sides, full: distribution as NextTokenDistribution };
}

/** A zero reference contribution as one token, which the measuring nodes broadcast over the tokens. */
export function zeroReference(hidden: number): ReferenceContribution {
  return {
    ref: new ort.Tensor('float32', new Float32Array(hidden), [1, 1, hidden]),
    rr: new ort.Tensor('float32', new Float32Array(1), [1, 1]),
  };
}
