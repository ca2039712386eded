import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A private folder under the data folder for one upload; removed whatever happens. */
export async function withUploadFolder<T>(dataDir: string, use: (folder: string) => Promise<T>): Promise<T> {
  const folder = path.join(dataDir, 'tmp', `upload-${crypto.randomUUID()}`);
  fs.mkdirSync(folder, { recursive: true });
  try {
    return await use(folder);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Keeps the uploaded name (external data is found by it) but nothing that could leave the folder. */
export function safeFileName(name: string, fallback: string): string {
  const base = path.basename(name).replace(/[^A-Za-z0-9._-]/g, '_');
  return base && base !== '.' && base !== '..' ? base : fallback;
}
