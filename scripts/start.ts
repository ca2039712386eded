import { spawn, type ChildProcess } from 'node:child_process';
import { ALLOCATOR_ENV } from '../lib/runtime/allocator-env.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig } from '../lib/config/read-config.ts';
import { applyMigrations } from '../lib/db/apply-migrations.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../lib/db/embedded-database.ts';
import { startQueue } from '../lib/jobs/create-queue.ts';
import { ensureDashboardBuild } from '../lib/runtime/ensure-dashboard-build.ts';
import { waitForHealth } from '../lib/runtime/wait-for-health.ts';
import { loadDemoModel } from './load-demo-model.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stdout.write(`[fusionscope] ${line}\n`);
const config = readConfig();
const children = new Set<ChildProcess>();
let embedded: EmbeddedDatabase | null = null;
let shuttingDown = false;

function spawnChild(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, onExit: (code: number | null) => void): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.add(child);
  child.on('exit', (code) => {
    children.delete(child);
    if (!shuttingDown) onExit(code);
  });
  log(`${label} started (pid ${child.pid})`);
  return child;
}

function startWorker(env: NodeJS.ProcessEnv, n: number): void {
  spawnChild(`worker ${n}`, process.execPath, ['--import', 'tsx', path.join(root, 'workers', 'main.ts')], { ...ALLOCATOR_ENV, ...env }, (code) => {
    log(`worker ${n} exited (code ${code}); starting it again`);
    setTimeout(() => startWorker(env, n), 1_000);
  });
}

async function shutdown(code: number): Promise<never> {
  if (shuttingDown) return new Promise(() => {});
  shuttingDown = true;
  log('stopping');
  await Promise.all([...children].map((c) => new Promise<void>((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
    setTimeout(() => { c.kill('SIGKILL'); resolve(); }, 10_000).unref();
  })));
  if (embedded) await embedded.stop().catch(() => {});
  log('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  const startedAt = Date.now();
  ensureDashboardBuild(root, log);
  if (config.databaseUrl) {
    log('using the PostgreSQL server in DATABASE_URL');
  } else {
    embedded = await startEmbeddedDatabase(config.dataDir, log);
    log(`embedded PostgreSQL running, data in ${path.join(config.dataDir, 'postgres')}`);
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const applied = await applyMigrations(databaseUrl);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  const boss = await startQueue(databaseUrl, { maintenance: false });
  await boss.stop({ graceful: false });
  await loadDemoModel(databaseUrl, config.dataDir, log);
  const env = { ...process.env, DATABASE_URL: databaseUrl, FUSIONSCOPE_DATA_DIR: config.dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  spawnChild('dashboard', path.join(root, 'node_modules', '.bin', 'next'), ['start', '-p', String(config.port)], env, (code) => {
    log(`the dashboard exited (code ${code})`);
    void shutdown(1);
  });
  for (let n = 1; n <= config.workers; n++) startWorker(env, n);
  const url = `http://localhost:${config.port}`;
  await waitForHealth(url, Math.min(config.workers, 1), 120_000);
  log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${url}`);
}

main().catch((error) => {
  log(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
