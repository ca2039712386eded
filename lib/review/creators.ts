import type { Db } from '../db/prisma-client.ts';
import type { CreatedThing } from './record-creator.ts';

export interface Creator {
  id: string;
  name: string;
  email: string;
}

const PERSON = { select: { id: true, name: true, email: true } } as const;

/** Who created each of the given rows (absent: created before accounts, or by the system). */
export async function creatorsOf(db: Db, thing: CreatedThing, ids: string[]): Promise<Map<string, Creator>> {
  const where = { id: { in: ids }, createdById: { not: null } };
  const query = { where, select: { id: true, createdBy: PERSON } };
  const rows = thing === 'model' ? await db.model.findMany(query) : thing === 'analysis' ? await db.analysis.findMany(query) : await db.fusionRun.findMany(query);
  return new Map(rows.filter((r) => r.createdBy).map((r) => [r.id, r.createdBy!]));
}

/**
 * For list routes: adds `createdBy` to each listed row and, when the request says
 * `?createdBy=` (see createdByFilter), keeps only that person's rows.
 */
export async function withCreators<T extends { id: string }>(db: Db, thing: CreatedThing, rows: T[], onlyBy?: string | null): Promise<Array<T & { createdBy: Creator | null }>> {
  const creators = await creatorsOf(db, thing, rows.map((r) => r.id));
  const listed = rows.map((r) => ({ ...r, createdBy: creators.get(r.id) ?? null }));
  if (onlyBy === undefined) return listed;
  return listed.filter((r) => onlyBy !== null && r.createdBy?.id === onlyBy);
}
