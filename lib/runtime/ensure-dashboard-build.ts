import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['next.config.ts', 'package.json', 'proxy.ts', 'tsconfig.json'];

function newestMtime(root: string, entry: string): number {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full)) {
    if (child === 'generated' || child === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(full, child));
  }
  return newest;
}

/** Builds the production dashboard when there is no build yet or the sources changed since. */
export function ensureDashboardBuild(root: string, log: (line: string) => void): void {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map((e) => newestMtime(root, e)));
  if (builtAt > changedAt) return;
  log(builtAt ? 'sources changed since the last build: rebuilding the dashboard' : 'building the dashboard (first start, about a minute)');
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('the dashboard build failed (see the output above)');
}
