import type { Db } from '../../db/prisma-client.ts';
import { toFusionRunSummary, type FusionRunSummary } from './fusion-run-summary.ts';

export async function readFusionRun(db: Db, id: string): Promise<FusionRunSummary | null> {
  const run = await db.fusionRun.findUnique({ where: { id }, include: { model: { select: { name: true } } } });
  return run ? toFusionRunSummary(run) : null;
}
