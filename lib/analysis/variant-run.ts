import type { NextTokenDistribution, ReferenceContribution } from './measurement-references.ts';
import type { IntactPass } from './intact-pass.ts';
import { runChain, type StageRunner } from './stage-runner.ts';
import type { DependencyRow } from './types.ts';

export interface VariantContext {
  runner: StageRunner;
  intact: IntactPass;
  /** Intact contribution h^k of every block the variants are measured against. */
  references: ReferenceContribution[];
  /** The full model's next-token distribution [T, V]. */
  full: NextTokenDistribution;
}

/**
 * Row i of M with block i dropped: one chain run that enters block i+1 with the intact X_i, runs
 * blocks i+1..L-1 measuring each against the intact contribution, and the epilogue measuring the
 * drop-one KL.
 */
export async function runVariant(ctx: VariantContext, row: number): Promise<DependencyRow> {
  const blockCount = ctx.intact.stream.length - 1;
  const { distances, kl } = await runChain(ctx.runner, {
    entry: ctx.intact.stream[row], first: row + 1, sides: ctx.intact.sides, references: ctx.references,
    full: ctx.full, fetch: { distancesFrom: row + 1, kl: true }, key: 'variantsMs',
  });
  const values = Array.from({ length: blockCount }, (_, j) => distances.get(j) ?? null);
  return { index: row, values, dropOneKl: kl as number };
}
