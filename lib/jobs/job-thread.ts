import { parentPort, workerData } from 'node:worker_threads';
import { createPrismaClient } from '../db/prisma-client.ts';
import type { JobHandler } from './job-definition.ts';
import type { JobThreadCommand, JobThreadData, JobThreadInput, JobThreadMessage } from './job-thread-protocol.ts';

/** A job thread: runs the jobs it is sent one after another, with one database client for all. */
const port = parentPort!;
const db = createPrismaClient((workerData as JobThreadData).databaseUrl, 3);
const post = (message: JobThreadMessage) => port.postMessage(message);
let running: AbortController | null = null;

port.on('message', (command: JobThreadCommand) => {
  if (command.type === 'run') void run(command.input);
  else if (command.type === 'stop') running?.abort(new Error('the job was stopped'));
  else void db.$disconnect().finally(() => port.close());
});

async function run(input: JobThreadInput): Promise<void> {
  const stop = new AbortController();
  running = stop;
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
    running = null;
  }
}
