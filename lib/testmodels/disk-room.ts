import { existsSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Bytes the current user may still write on the file system that holds (or will hold) `folder`. */
export function freeDiskBytes(folder: string): number {
  const stats = statfsSync(nearestExisting(resolve(folder)));
  return stats.bavail * stats.bsize;
}

/**
 * Refuses, before anything is written, when `folder`'s file system cannot hold `bytes` more.
 * `folder` need not exist yet (its nearest existing parent is asked), so a refusal creates nothing.
 */
export function checkDiskRoom(folder: string, bytes: number, what: string): void {
  const free = freeDiskBytes(folder);
  if (bytes > free) {
    throw new Error(`not enough disk space in ${folder}: ${what} needs ${formatBytes(bytes)} (${bytes} bytes), the file system has ${formatBytes(free)} free`);
  }
}

/** Decimal units, as disks are sold and `df -H` prints them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}
