import type { Db } from '../db/prisma-client.ts';

export type CreatedThing = 'model' | 'analysis' | 'fusionRun';

/** Records who created a model, analysis or fusion run (for route handlers that call the create actions). */
export async function recordCreator(db: Db, thing: CreatedThing, id: string, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  const data = { createdById: userId };
  if (thing === 'model') await db.model.update({ where: { id }, data });
  else if (thing === 'analysis') await db.analysis.update({ where: { id }, data });
  else await db.fusionRun.update({ where: { id }, data });
}
