import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER_MAIN = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));

/** A real worker process (`npm run worker`) against the given database; its output goes to worker-<n>.log in the data folder. */
export function spawnWorker(databaseUrl: string, dataDir: string, env: Record<string, string> = {}): ChildProcess {
  const log = fs.openSync(path.join(dataDir, `worker-${Date.now()}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], {
    env: { ...process.env, DATABASE_URL: databaseUrl, FUSIONSCOPE_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  return child;
}

export function stopWorker(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
