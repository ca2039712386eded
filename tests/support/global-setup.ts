import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../../lib/db/embedded-database.ts';
import { ensureDashboardBuild } from '../../lib/runtime/ensure-dashboard-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    clusterUrl: string;
    testDataRoot: string;
  }
}

/**
 * One real PostgreSQL cluster for the whole run; each test file makes its own database in it.
 * The dashboard is built once here, before test files that start it run side by side.
 */
export default async function setup(project: TestProject) {
  ensureDashboardBuild(fileURLToPath(new URL('../..', import.meta.url)), (line) => process.stdout.write(`${line}\n`));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fusionscope-test-'));
  fs.chmodSync(root, 0o755);
  const database = await startEmbeddedDatabase(path.join(root, 'cluster'));
  project.provide('clusterUrl', database.url);
  project.provide('testDataRoot', root);
  return async () => {
    await database.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
}
