import type PgBoss from 'pg-boss';
import { startQueue } from '../jobs/create-queue.ts';

const globalForQueue = globalThis as unknown as { fusionscopeQueue?: Promise<PgBoss> };

/** The web server's queue connection, used only to send and cancel jobs. */
export function getQueue(): Promise<PgBoss> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  globalForQueue.fusionscopeQueue ??= startQueue(url, { maintenance: false });
  return globalForQueue.fusionscopeQueue;
}
