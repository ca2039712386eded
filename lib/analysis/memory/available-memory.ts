import { freemem } from 'node:os';

/**
 * Memory this process can still take: the system's available memory (MemAvailable: free plus
 * reclaimable page cache), within the process's cgroup limit when it has one.
 */
export function availableMemoryBytes(): number {
  const limit = process.constrainedMemory?.() ?? 0;
  const free = freemem();
  return limit > 0 && limit < Number.MAX_SAFE_INTEGER ? Math.min(free, limit - process.memoryUsage.rss()) : free;
}

/** "12.3 GiB" / "840 MiB" / "64 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

/** "6GB", "6 GiB", "512M", "2.5g", plain bytes; null when not a size. */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$/i.exec(text);
  if (!match) return null;
  const power = { '': 0, k: 1, m: 2, g: 3, t: 4 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const bytes = Number(match[1]) * 1024 ** power;
  return Number.isFinite(bytes) && bytes > 0 ? Math.round(bytes) : null;
}
