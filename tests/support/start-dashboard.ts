import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../lib/runtime/find-free-port.ts';
import { waitForHealth } from '../../lib/runtime/wait-for-health.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningDashboard {
  url: string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

/** The production dashboard (built by the run's global set-up) and `workers` worker processes against the given database. */
export async function startDashboard(databaseUrl: string, dataDir: string, workers = 1): Promise<RunningDashboard> {
  const port = await findFreePort();
  const env = { ...process.env, DATABASE_URL: databaseUrl, FUSIONSCOPE_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  const children: ChildProcess[] = [
    spawn(path.join(root, 'node_modules/.bin/next'), ['start', '-p', String(port)], { cwd: root, env, stdio: 'ignore' }),
  ];
  for (let i = 0; i < workers; i++) {
    children.push(spawn(process.execPath, ['--import', 'tsx', path.join(root, 'workers/main.ts')], { cwd: root, env, stdio: 'ignore' }));
  }
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => { await Promise.all(children.map(stopChild)); };
  try {
    await waitForHealth(url, workers, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
