import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { SessionCacheUse } from './types.ts';

/** Optimized models kept per cache folder; the least recently used go first. */
const MAX_ENTRIES = 16;
/** An ORT-format model is one flatbuffer, at most 2 GiB: larger models are not cached. */
const MAX_CACHED_BYTES = 1.5 * 2 ** 30;

/** A model as bytes with the in-memory external data files it names. */
export interface ModelBytes {
  bytes: Uint8Array;
  externalData: Array<{ path: string; data: Uint8Array }>;
}

/**
 * Creates a session for a model given as bytes (and in-memory external data), through a folder of
 * models already optimized by onnxruntime (ORT format). Most of a session's creation time is graph
 * optimization (about half a second for the demo's chain, against 0.1 s to load the optimized
 * form), and the same model is opened again by every row-range job of an analysis and by every
 * analysis of the model.
 *
 * The key is the SHA-256 of the model bytes and external data with the onnxruntime version, the
 * CPU (model and instruction-set flags) and the session options: an optimized model at the "all"
 * level may hold kernels chosen for this CPU. Models over 1.5 GiB are not cached (ORT format holds
 * at most 2 GiB). A cache entry that fails to load is deleted and rebuilt; a folder that cannot be
 * written only loses the caching.
 */
export async function createCachedSession(
  model: ModelBytes, options: ort.InferenceSession.SessionOptions, cacheDir: string | undefined,
): Promise<{ session: ort.InferenceSession; cache: SessionCacheUse }> {
  const size = model.externalData.reduce((n, f) => n + f.data.length, model.bytes.length);
  if (!cacheDir || size > MAX_CACHED_BYTES) return { session: await create(model, options), cache: 'off' };
  const path = join(cacheDir, `${cacheKey(model, options)}.ort`);
  if (existsSync(path)) {
    try {
      const session = await ort.InferenceSession.create(path, options);
      touch(path);
      return { session, cache: 'hit' };
    } catch {
      removeQuietly(path);
    }
  }
  return buildAndSave(model, options, cacheDir, path);
}

function create(model: ModelBytes, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model.bytes, model.externalData.length > 0 ? { ...options, externalData: model.externalData } : options);
}

async function buildAndSave(
  model: ModelBytes, options: ort.InferenceSession.SessionOptions, cacheDir: string, path: string,
): Promise<{ session: ort.InferenceSession; cache: SessionCacheUse }> {
  const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const session = await create(model, {
      ...options, optimizedModelFilePath: partial,
      extra: { ...(options.extra as object), session: { ...((options.extra as { session?: object })?.session), save_model_format: 'ORT' } },
    });
    // another process may have saved the same entry meanwhile: the rename replaces it atomically
    renameSync(partial, path);
    pruneCache(cacheDir);
    return { session, cache: 'miss' };
  } catch {
    removeQuietly(partial);
    return { session: await create(model, options), cache: 'off' };
  }
}

function cacheKey(model: ModelBytes, options: ort.InferenceSession.SessionOptions): string {
  const hash = createHash('sha256');
  hash.update(model.bytes);
  for (const file of model.externalData) hash.update(file.path).update(file.data);
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
