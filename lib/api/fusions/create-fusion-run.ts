import type PgBoss from 'pg-boss';
import type { Db } from '../../db/prisma-client.ts';
import type { FusionRange } from '../../fusion/fusion-range.ts';
import { validateFusionRanges } from '../../fusion/validate-fusion-ranges.ts';
import { fuseRangesJob } from '../../jobs/definitions/fuse-ranges.ts';
import { submitJob } from '../../jobs/submit-job.ts';
import type { StructureSummary } from '../../onnx/decoder-structure.ts';

export interface CreateFusionRunInput {
  modelId: string;
  analysisId?: string | null;
  ranges: FusionRange[];
}

export interface CreatedFusionRun {
  id: string;
  /** Allowed but costly choices, e.g. a range including the last FFN of an attention-free run. */
  warnings: string[];
}

/**
 * Checks the ranges against the stored model structure (throws FusionRangeError listing every
 * problem), records the run and queues its fuse-ranges job.
 */
export async function createFusionRun(db: Db, boss: PgBoss, input: CreateFusionRunInput): Promise<CreatedFusionRun> {
  const model = await db.model.findUnique({ where: { id: input.modelId } });
  if (!model) throw new Error(`no model with id ${input.modelId}`);
  if (input.analysisId) {
    const analysis = await db.analysis.findUnique({ where: { id: input.analysisId } });
    if (!analysis || analysis.modelId !== model.id) throw new Error(`no analysis ${input.analysisId} for model ${model.id}`);
  }
  const { ranges, warnings } = validateFusionRanges((model.structure as unknown as StructureSummary).blocks, input.ranges);
  const run = await db.fusionRun.create({ data: { modelId: model.id, analysisId: input.analysisId ?? null, ranges } });
  try {
    await submitJob(db, boss, fuseRangesJob, { fusionRunId: run.id });
  } catch (error) {
    await db.fusionRun.delete({ where: { id: run.id } });
    throw error;
  }
  return { id: run.id, warnings };
}
