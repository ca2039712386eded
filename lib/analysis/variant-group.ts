import type * as ort from 'onnxruntime-node';
import { measureKl, type MeasurementHeads, type ReferenceContribution } from './heads/measurement-heads.ts';
import type { IntactPass } from './intact-pass.ts';
import { runBlockStage, runEpilogueStage, type SideValues, type StageRunner } from './stage-runner.ts';
import { timed } from './timing.ts';
import { activeCount, type VariantGroup } from './variant-plan.ts';
import type { DependencyRow } from './types.ts';

export interface VariantGroupContext {
  runner: StageRunner;
  intact: IntactPass;
  /** Side values for a stack of `multiplier` copies of the batch. */
  sidesFor: (multiplier: number) => Promise<SideValues>;
  heads: MeasurementHeads;
  /** Intact contribution h^j of block j (computed once per block, then reused). */
  referenceFor: (block: number) => Promise<ReferenceContribution>;
  /** The full model's next-token log-probabilities [tokens, vocab]. */
  fullLogProbs: ort.Tensor;
  /** Called after each block run with the number of variant evaluations it did. */
  onEvaluations: (count: number) => void;
}

/**
 * Runs the variants of one group block by block: at block j the members i < j are stacked on
 * axis 0 and evaluated in one session run; a member joins at block i+1 with the intact X_i (block
 * i skipped). Returns the group's rows once every member has passed block L-1 and the epilogue.
 */
export async function runVariantGroup(ctx: VariantGroupContext, group: VariantGroup): Promise<DependencyRow[]> {
  const { runner, intact } = ctx;
  const blockCount = intact.stream.length - 1;
  const size = intact.stream[0].length;
  const values = group.rows.map(() => new Array<number | null>(blockCount).fill(null));
  // two buffers for the group's whole stack: block j reads one and ORT writes the other
  let streams = new Float32Array(group.rows.length * size);
  let spare = new Float32Array(group.rows.length * size);
  let running = 0;
  for (let j = group.firstBlock; j < blockCount; j++) {
    const active = activeCount(group, j);
    for (let k = running; k < active; k++) streams.set(intact.stream[group.rows[k]], k * size);
    const reference = await timed(runner.timing, 'metricsMs', () => ctx.referenceFor(j));
    const { distances } = await runBlockStage(runner, j, streams.subarray(0, active * size), await ctx.sidesFor(active), 'variantBlocksMs',
      { reference, output: spare.subarray(0, active * size) });
    for (let k = 0; k < active; k++) values[k][j] = distances[k];
    ctx.onEvaluations(active);
    [streams, spare] = [spare, streams];
    running = active;
  }
  const rows: DependencyRow[] = [];
  for (let k = 0; k < group.rows.length; k++) {
    const final = k < running ? streams.subarray(k * size, (k + 1) * size) : intact.stream[group.rows[k]];
    rows.push({ index: group.rows[k], values: values[k], dropOneKl: await dropOneKl(ctx, final) });
  }
  return rows;
}

async function dropOneKl(ctx: VariantGroupContext, final: Float32Array): Promise<number> {
  const logits = await runEpilogueStage(ctx.runner, final, ctx.intact.sides);
  return timed(ctx.runner.timing, 'metricsMs', () => measureKl(ctx.heads, ctx.fullLogProbs, logits));
}
