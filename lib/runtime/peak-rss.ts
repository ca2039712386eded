import { readFileSync } from 'node:fs';

/**
 * This process's peak resident memory, in bytes. Linux's VmHWM belongs to the process image, while
 * getrusage's ru_maxrss survives exec, so a child spawned from a large parent would report the
 * parent's peak; elsewhere, ru_maxrss.
 */
export function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
