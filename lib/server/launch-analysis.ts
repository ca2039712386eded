import type PgBoss from 'pg-boss';
import type { Db } from '../db/prisma-client.ts';
import type { StructureSummary } from '../onnx/decoder-structure.ts';
import { createAnalysis } from '../api/analyses/create-analysis.ts';
import { analysisRequest } from './analysis-request.ts';
import { calibrationForRequest } from './calibration-for-request.ts';
import { badRequest } from './http-error.ts';
import { isUuid } from './uuid.ts';

/** POST /api/analyses: validates, stores the calibration when given inline, queues the analysis. */
export async function launchAnalysis(db: Db, boss: PgBoss, dataDir: string, body: unknown): Promise<string> {
  const request = analysisRequest.parse(body);
  const model = isUuid(request.modelId) ? await db.model.findUnique({ where: { id: request.modelId } }) : null;
  if (!model) throw badRequest(`no model with id ${request.modelId}`);
  if ('calibrationSetId' in request.calibration && !isUuid(request.calibration.calibrationSetId)) {
    throw badRequest(`no calibration set ${request.calibration.calibrationSetId} for model ${model.id}`);
  }
  const structure = model.structure as unknown as StructureSummary;
  const calibrationSetId = await calibrationForRequest(db, dataDir, { id: model.id, structure, tokenizerFile: model.tokenizerFile }, request.calibration, request.seqLen);
  return createAnalysis(db, boss, { modelId: model.id, calibrationSetId });
}
