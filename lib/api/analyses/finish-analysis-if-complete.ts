import type { Db } from '../../db/prisma-client.ts';

/** Marks the analysis succeeded once every row and the block metrics are stored. */
export async function finishAnalysisIfComplete(db: Db, analysisId: string): Promise<boolean> {
  const analysis = await db.analysis.findUnique({ where: { id: analysisId } });
  if (!analysis) return false;
  const [rows, metrics] = await Promise.all([
    db.dependencyRow.count({ where: { analysisId } }),
    db.blockMetric.count({ where: { analysisId } }),
  ]);
  if (rows < analysis.progressTotal || metrics < analysis.progressTotal) return false;
  const updated = await db.analysis.updateMany({
    where: { id: analysisId, status: { in: ['queued', 'running'] } },
    data: { status: 'succeeded', progressDone: rows, finishedAt: new Date() },
  });
  return updated.count > 0;
}
