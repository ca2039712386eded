import type { Db } from '../../db/prisma-client.ts';
import { toAnalysisSummary, type AnalysisSummary } from './analysis-summary.ts';

export async function listAnalyses(db: Db, filter: { modelId?: string } = {}, limit = 500): Promise<AnalysisSummary[]> {
  const rows = await db.analysis.findMany({
    where: filter.modelId ? { modelId: filter.modelId } : {},
    orderBy: { createdAt: 'desc' },
    take: limit,
    include: { model: { select: { name: true } }, calibrationSet: { select: { name: true } } },
  });
  return rows.map(toAnalysisSummary);
}
