import type PgBoss from 'pg-boss';
import type { Db } from '../db/prisma-client.ts';
import { createFusionRun, type CreatedFusionRun } from '../api/fusions/create-fusion-run.ts';
import { FusionRangeError } from '../fusion/fusion-range-error.ts';
import { fusionRequest } from './fusion-request.ts';
import { badRequest } from './http-error.ts';
import { isUuid } from './uuid.ts';

/** POST /api/fusions: checks the model, analysis and ranges, then queues the fusion run. */
export async function launchFusion(db: Db, boss: PgBoss, body: unknown): Promise<CreatedFusionRun> {
  const request = fusionRequest.parse(body);
  const model = isUuid(request.modelId) ? await db.model.findUnique({ where: { id: request.modelId } }) : null;
  if (!model) throw badRequest(`no model with id ${request.modelId}`);
  if (request.analysisId) {
    const analysis = isUuid(request.analysisId) ? await db.analysis.findUnique({ where: { id: request.analysisId } }) : null;
    if (!analysis || analysis.modelId !== model.id) throw badRequest(`no analysis ${request.analysisId} for model ${model.id}`);
  }
  try {
    return await createFusionRun(db, boss, { modelId: model.id, analysisId: request.analysisId ?? null, ranges: request.ranges });
  } catch (error) {
    if (error instanceof FusionRangeError) throw badRequest(error.message);
    throw error;
  }
}
