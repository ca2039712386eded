import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { SessionCacheUse } from './types.ts';

/** Optimized models kept per cache folder; the least recently used go first. */
const MAX_ENTRIES = 16;

/**
 * Creates a session for a model given as bytes, through a folder of models already optimized by
 * onnxruntime (ORT format). Most of a session's creation time is graph optimization (about half a
 * second for the demo's chain, against 0.1 s to load the optimized form), and the same model is
 * opened again by every row-range job of an analysis and by every analysis of the model.
 *
 * The key is the model bytes' SHA-256 with the onnxruntime version, the CPU (model and
 * instruction-set flags) and the session options: an optimized model at the "all" level may hold kernels chosen for this CPU. Models with
 * external data are not cached (ORT format holds at most 2 GiB). A cache entry that fails to load
 * is deleted and rebuilt; a folder that cannot be written only loses the caching.
 */
export async function createCachedSession(
  bytes: Uint8Array, options: ort.InferenceSession.SessionOptions, cacheDir: string | undefined,
): Promise<{ session: ort.InferenceSession; cache: SessionCacheUse }> {
  if (!cacheDir) return { session: await ort.InferenceSession.create(bytes, options), cache: 'off' };
  const path = join(cacheDir, `${cacheKey(bytes, options)}.ort`);
  if (existsSync(path)) {
    try {
      const session = await ort.InferenceSession.create(path, options);
      touch(path);
      return { session, cache: 'hit' };
    } catch {
      removeQuietly(path);
    }
  }
  return buildAndSave(bytes, options, cacheDir, path);
}

async function buildAndSave(
  bytes: Uint8Array, options: ort.InferenceSession.SessionOptions, cacheDir: string, path: string,
): Promise<{ session: ort.InferenceSession; cache: SessionCacheUse }> {
  const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const session = await ort.InferenceSession.create(bytes, {
      ...options, optimizedModelFilePath: partial,
      extra: { ...(options.extra as object), session: { ...((options.extra as { session?: object })?.session), save_model_format: 'ORT' } },
    });
    // another process may have saved the same entry meanwhile: the rename replaces it atomically
    renameSync(partial, path);
    pruneCache(cacheDir);
    return { session, cache: 'miss' };
  } catch {
    removeQuietly(partial);
    return { session: await ort.InferenceSession.create(bytes, options), cache: 'off' };
  }
}

function cacheKey(bytes: Uint8Array, options: ort.InferenceSession.SessionOptions): string {
  const hash = createHash('sha256');
  hash.update(bytes);
  hash.update(JSON.stringify({ ort: ort.env.versions, cpu: cpus()[0]?.model ?? '', features: cpuFeatures(), level: options.graphOptimizationLevel, extra: options.extra }));
  return hash.digest('hex').slice(0, 32);
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // nothing there to remove, or nothing that can be
  }
}

/** The instruction-set flags of the CPU (Linux), so that machines sharing a data folder share entries only when they may. */
function cpuFeatures(): string {
  try {
    return /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim() ?? '';
  } catch {
    return '';
  }
}

function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // a read-only cache still serves
  }
}

function pruneCache(cacheDir: string): void {
  const entries = readdirSync(cacheDir).filter((f) => f.endsWith('.ort'))
    .map((f) => ({ path: join(cacheDir, f), used: statSync(join(cacheDir, f)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const stale of entries.slice(MAX_ENTRIES)) rmSync(stale.path, { force: true });
}
