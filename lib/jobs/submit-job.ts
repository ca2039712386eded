import crypto from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Db } from '../db/prisma-client.ts';
import type { JobDefinition } from './job-definition.ts';

/** Validates the payload, records the job and queues it; returns the job id. */
export async function submitJob<P>(db: Db, boss: PgBoss, definition: JobDefinition<P>, payload: P): Promise<string> {
  const parsed = definition.payloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new Error(`invalid ${definition.name} payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')}`);
  }
  const id = crypto.randomUUID();
  await db.job.create({ data: { id, name: definition.name, payload: parsed.data as object } });
  try {
    await boss.createQueue(definition.name);
    await boss.send(definition.name, parsed.data as object, {
      id,
      retryLimit: definition.retryLimit,
      retryDelay: 1,
      expireInHours: definition.expireInHours,
    });
  } catch (error) {
    await db.job.delete({ where: { id } });
    throw error;
  }
  return id;
}
