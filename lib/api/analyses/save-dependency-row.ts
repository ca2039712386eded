import crypto from 'node:crypto';
import type { Db } from '../../db/prisma-client.ts';
import type { DependencyRow } from '../../analysis/types.ts';

/**
 * Upserts row i (idempotent: a retried job rewrites the same values) and refreshes the progress.
 * Entries j <= i are undefined and stored as NaN, so every row has L entries.
 */
export async function saveDependencyRow(db: Db, analysisId: string, row: DependencyRow): Promise<void> {
  const values = `{${row.values.map((v) => (v === null ? 'NaN' : String(v))).join(',')}}`;
  await db.$executeRaw`
    INSERT INTO "DependencyRow" (id, "analysisId", "droppedBlock", "values", "dropOneKl")
    VALUES (${crypto.randomUUID()}::uuid, ${analysisId}::uuid, ${row.index}, ${values}::float8[], ${row.dropOneKl})
    ON CONFLICT ("analysisId", "droppedBlock")
    DO UPDATE SET "values" = EXCLUDED."values", "dropOneKl" = EXCLUDED."dropOneKl", "computedAt" = now()`;
  await db.$executeRaw`
    UPDATE "Analysis" SET "progressDone" = (SELECT count(*) FROM "DependencyRow" WHERE "analysisId" = ${analysisId}::uuid)
    WHERE id = ${analysisId}::uuid`;
}
