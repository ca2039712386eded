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
  let streams: Float32Array = new Float32Array(0);
  let running = 0;
  for (let j = group.firstBlock; j < blockCount; j++) {
    const active = activeCount(group, j);
    const input = stackVariants(streams, running, active, group, intact, size);
    const reference = await timed(runner.timing, 'metricsMs', () => ctx.referenceFor(j));
    const { output, distances } = await runBlockStage(runner, j, input, await ctx.sidesFor(active), 'variantBlocksMs', reference);
    for (let k = 0; k < active; k++) values[k][j] = distances[k];
    ctx.onEvaluations(active);
    streams = output;
    running = active;
  }
  const rows: DependencyRow[] = [];
  for (let k = 0; k < group.rows.length; k++) {
    const final = k < running ? streams.slice(k * size, (k + 1) * size) : intact.stream[group.rows[k]];
    rows.push({ index: group.rows[k], values: values[k], dropOneKl: await dropOneKl(ctx, final) });
  }
  return rows;
}

/** Running variants first (their last outputs), then the members joining at this block (intact X_i). */
function stackVariants(
  streams: Float32Array, running: number, active: number, group: VariantGroup, intact: IntactPass, size: number,
): Float32Array {
  if (active === running) return streams;
  const input = new Float32Array(active * size);
  input.set(streams.subarray(0, running * size));
  for (let k = running; k < active; k++) input.set(intact.stream[group.rows[k]], k * size);
  return input;
}

async function dropOneKl(ctx: VariantGroupContext, final: Float32Array): Promise<number> {
  const logits = await runEpilogueStage(ctx.runner, final, ctx.intact.sides);
  return timed(ctx.runner.timing, 'metricsMs', () => measureKl(ctx.heads, ctx.fullLogProbs, logits));
}
