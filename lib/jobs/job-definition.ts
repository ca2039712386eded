import type { z } from 'zod';
import type { Db } from '../db/prisma-client.ts';

export interface JobContext<P> {
  jobId: string;
  payload: P;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  db: Db;
  dataDir: string;
  /** Aborted when the job is cancelled or its worker shuts down; long work checks it between steps. */
  signal: AbortSignal;
  reportProgress(done: number, total: number): void;
}

/** Runs inside a worker thread; its return value is stored as the job's result. */
export type JobHandler<P> = (context: JobContext<P>) => Promise<unknown>;

export type JobOutcome = { state: 'failed'; error: string } | { state: 'cancelled' };

export interface JobDefinition<P> {
  name: string;
  payloadSchema: z.ZodType<P>;
  /** Module (file URL) whose default export is the JobHandler, loaded in the worker thread. */
  handlerModule: string;
  retryLimit: number;
  expireInHours: number;
  /** Runs in the worker process when the job ends without success for good (no retry left, or cancelled). */
  onGivenUp?(db: Db, payload: P, outcome: JobOutcome): Promise<void>;
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

/** The fields that end a job's record for good: failed with its error (described by `describe`) or cancelled. */
export function givenUpFields(outcome: JobOutcome, describe: (error: string) => string = (error) => error) {
  const finishedAt = new Date();
  return outcome.state === 'failed'
    ? { status: 'failed' as const, error: describe(outcome.error), finishedAt }
    : { status: 'cancelled' as const, finishedAt };
}
