import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENGINE_FOLDERS = ['../onnx', '.'];
let memo: string | null | undefined;

/**
 * SHA-256 of the engine's own sources (lib/onnx and lib/analysis): what the engine prepares from a
 * model (structure, partition, block chain) is reused from a cache only by the code that prepared
 * it. Null when the sources cannot be read (then nothing is reused by model content). Computed once
 * per thread.
 */
export function engineSourceVersion(): string | null {
  if (memo !== undefined) return memo;
  try {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const hash = createHash('sha256');
    for (const folder of ENGINE_FOLDERS.map((f) => join(here, f))) {
      for (const file of sourceFiles(folder)) hash.update(relative(here, file)).update(readFileSync(file));
    }
    memo = hash.digest('hex');
  } catch {
    memo = null;
  }
  return memo;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.md'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
