import type PgBoss from 'pg-boss';
import { afterAll, beforeAll } from 'vitest';
import { createPrismaClient, type Db } from '../../lib/db/prisma-client.ts';
import { startQueue } from '../../lib/jobs/create-queue.ts';
import { createTestDatabase, createTestDataDir } from './test-database.ts';

export interface QueueContext {
  url: string;
  dataDir: string;
  db: Db;
  boss: PgBoss;
}

/** A fresh migrated database, data folder, Prisma client and queue for one test file. */
export async function openQueueContext(label: string): Promise<QueueContext> {
  const url = await createTestDatabase();
  const db = createPrismaClient(url);
  return { url, dataDir: createTestDataDir(label), db, boss: await startQueue(url, { maintenance: false }) };
}

export async function closeQueueContext(context: QueueContext | undefined): Promise<void> {
  await context?.boss.stop({ graceful: false });
  await context?.db.$disconnect();
}

/** Opens a QueueContext before the file's tests and closes it after; read it inside tests. */
export function useQueueContext(label: string): () => QueueContext {
  let context: QueueContext | undefined;
  beforeAll(async () => { context = await openQueueContext(label); });
  afterAll(() => closeQueueContext(context));
  return () => {
    if (!context) throw new Error('the queue context is not open yet');
    return context;
  };
}
