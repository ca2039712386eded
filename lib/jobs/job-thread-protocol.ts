export interface JobThreadInput {
  handlerModule: string;
  jobId: string;
  payload: unknown;
  attempt: number;
  databaseUrl: string;
  dataDir: string;
}

export type JobThreadMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; value: unknown }
  | { type: 'error'; message: string };

/** Sent to the thread to stop the handler at its next check of the abort signal. */
export interface JobThreadStop {
  type: 'stop';
}
