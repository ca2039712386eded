import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { applyMigrations } from '../../lib/db/apply-migrations.ts';

/** A new, empty database in the run's cluster; migrated unless asked not to. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<string> {
  const clusterUrl = inject('clusterUrl');
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: clusterUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = clusterUrl.replace(/\/[^/]+$/, `/${name}`);
  if (options.migrate ?? true) await applyMigrations(url);
  return url;
}

/** A fresh folder under the run's temporary root, removed with it. */
export function createTestDataDir(label: string): string {
  const dir = path.join(inject('testDataRoot'), `${label}-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
