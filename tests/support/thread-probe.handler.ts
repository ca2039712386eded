import { threadId } from 'node:worker_threads';
import type { JobHandler } from '../../lib/jobs/job-definition.ts';

/** A job handler for thread tests: reports its thread; `until: 'stopped'` waits for the stop, `'never'` ignores it. */
const probe: JobHandler<{ until?: 'stopped' | 'never' }> = async ({ payload, signal }) => {
  if (payload.until === 'stopped') await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  if (payload.until === 'never') await new Promise(() => { setInterval(() => {}, 1_000); });
  return { threadId };
};
export default probe;
