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
