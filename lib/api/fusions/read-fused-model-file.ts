import type { Db } from '../../db/prisma-client.ts';

/** The stored fused model of a finished run (path relative to the data folder), or why there is none. */
export async function readFusedModelFile(db: Db, id: string): Promise<{ file: string } | { missing: 'run' | 'model' }> {
  const run = await db.fusionRun.findUnique({ where: { id }, select: { outputFile: true, status: true } });
  if (!run) return { missing: 'run' };
  if (!run.outputFile || run.status !== 'succeeded') return { missing: 'model' };
  return { file: run.outputFile };
}
