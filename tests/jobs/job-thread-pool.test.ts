import { afterAll, describe, expect, it } from 'vitest';
import { createJobThreadPool } from '../../lib/jobs/job-thread-pool.ts';
import { runJobInThread } from '../../lib/jobs/run-job-in-thread.ts';

const handlerModule = new URL('../support/thread-probe.handler.ts', import.meta.url).href;
// the thread's database client connects on first use, and the probe never uses it
const databaseUrl = 'postgresql://nobody@127.0.0.1:1/none';
const pool = createJobThreadPool(databaseUrl);
afterAll(() => pool.close());

function run(payload: { until?: 'stopped' | 'never' }) {
  return runJobInThread(pool, { handlerModule, jobId: 'probe', payload, attempt: 1, dataDir: '/tmp' }, () => {});
}

describe('job threads', () => {
  it('runs the next job in the thread of the previous one, also after a job that stopped when asked', async () => {
    const first = (await run({}).result) as { threadId: number };
    expect(await run({}).result).toEqual(first);
    const waiting = run({ until: 'stopped' });
    await new Promise((r) => setTimeout(r, 200));
    await waiting.stop();
    await expect(waiting.result).rejects.toThrow(/stopped/);
    expect(await run({}).result).toEqual(first);
  });

  it('lets a late stop of a finished job leave the next job in the same thread running', async () => {
    const earlier = run({});
    await earlier.result;
    const next = run({ until: 'stopped' });
    let nextSettled = false;
    next.result.then(() => { nextSettled = true; }, () => { nextSettled = true; });
    await earlier.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(nextSettled).toBe(false);
    await next.stop();
    await expect(next.result).rejects.toThrow(/stopped/);
  });

  it('terminates a thread whose job ignores the stop, and starts a new one for the next job', async () => {
    const before = (await run({}).result) as { threadId: number };
    const stuck = run({ until: 'never' });
    await new Promise((r) => setTimeout(r, 200));
    await stuck.stop(300);
    await expect(stuck.result).rejects.toThrow(/exited/);
    const after = (await run({}).result) as { threadId: number };
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('ends a thread that stays idle, and starts a new one for a later job', async () => {
    const shortLived = createJobThreadPool(databaseUrl, 200);
    const input = { handlerModule, jobId: 'probe', payload: {}, attempt: 1, dataDir: '/tmp' };
    const first = (await runJobInThread(shortLived, input, () => {}).result) as { threadId: number };
    expect(await runJobInThread(shortLived, input, () => {}).result).toEqual(first);
    await new Promise((r) => setTimeout(r, 1_000));
    const later = (await runJobInThread(shortLived, input, () => {}).result) as { threadId: number };
    expect(later.threadId).not.toBe(first.threadId);
    await shortLived.close();
  });
});
