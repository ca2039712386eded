import os from 'node:os';
import crypto from 'node:crypto';
import type { Db } from '../db/prisma-client.ts';

export function newWorkerId(): string {
  return `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
}

export async function registerWorker(db: Db, id: string): Promise<void> {
  await db.worker.create({ data: { id, host: os.hostname(), pid: process.pid } });
}

export async function recordHeartbeat(db: Db, id: string, currentJobId: string | null): Promise<void> {
  await db.worker.update({ where: { id }, data: { lastSeenAt: new Date(), currentJobId, stoppedAt: null } });
}

export async function markWorkerStopped(db: Db, id: string): Promise<void> {
  await db.worker.update({ where: { id }, data: { stoppedAt: new Date(), currentJobId: null } });
}

/** Workers seen within `withinMs`. */
export async function listLiveWorkers(db: Db, withinMs: number) {
  return db.worker.findMany({
    where: { stoppedAt: null, lastSeenAt: { gte: new Date(Date.now() - withinMs) } },
    orderBy: { startedAt: 'asc' },
  });
}
