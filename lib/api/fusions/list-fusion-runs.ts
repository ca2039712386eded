import type { Db } from '../../db/prisma-client.ts';
import { toFusionRunSummary, type FusionRunSummary } from './fusion-run-summary.ts';

export async function listFusionRuns(db: Db, filter: { modelId?: string; analysisId?: string } = {}, limit = 500): Promise<FusionRunSummary[]> {
  const runs = await db.fusionRun.findMany({
    where: { ...(filter.modelId ? { modelId: filter.modelId } : {}), ...(filter.analysisId ? { analysisId: filter.analysisId } : {}) },
    orderBy: { createdAt: 'desc' },
    take: limit,
    include: { model: { select: { name: true } } },
  });
  return runs.map(toFusionRunSummary);
}
