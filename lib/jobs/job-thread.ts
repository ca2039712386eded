import { parentPort, workerData } from 'node:worker_threads';
import { createPrismaClient } from '../db/prisma-client.ts';
import type { JobHandler } from './job-definition.ts';
import type { JobThreadInput, JobThreadMessage, JobThreadStop } from './job-thread-protocol.ts';

const input = workerData as JobThreadInput;
const post = (message: JobThreadMessage) => parentPort!.postMessage(message);
const db = createPrismaClient(input.databaseUrl, 3);
const stop = new AbortController();
parentPort!.on('message', (message: JobThreadStop) => {
  if (message.type === 'stop') stop.abort(new Error('the job was stopped'));
});

try {
  const handler = (await import(input.handlerModule)).default as JobHandler<unknown>;
  const value = await handler({
    jobId: input.jobId,
    payload: input.payload,
    attempt: input.attempt,
    db,
    dataDir: input.dataDir,
    signal: stop.signal,
    reportProgress: (done, total) => post({ type: 'progress', done, total }),
  });
  post({ type: 'result', value: value ?? null });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  await db.$disconnect();
  parentPort!.close();
}
