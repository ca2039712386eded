export interface JobThreadInput {
  handlerModule: string;
  jobId: string;
  payload: unknown;
  attempt: number;
  dataDir: string;
}

/** What a job thread is started with: it serves one database, job after job. */
export interface JobThreadData {
  databaseUrl: string;
}

export type JobThreadMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; value: unknown }
  | { type: 'error'; message: string };

/** Sent to a job thread: run a job; stop the running one at its next check of the abort signal; or end the thread. */
export type JobThreadCommand =
  | { type: 'run'; input: JobThreadInput }
  | { type: 'stop' }
  | { type: 'close' };
