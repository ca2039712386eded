import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { SessionCacheUse } from './types.ts';

/** Optimized models kept per cache folder (two per analysed model: its prologue and its chain); the least recently used go first. */
const MAX_ENTRIES = 32;
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
): Promise<CachedSession> {
  const size = model.externalData.reduce((n, f) => n + f.data.length, model.bytes.length);
  if (!cacheDir || size > MAX_CACHED_BYTES) return { session: await create(model, options), cache: 'off' };
  const entry = `${cacheKey(model, options)}.ort`;
  const session = await openCachedEntry(cacheDir, entry, options);
  if (session) return { session, cache: 'hit', entry };
  return buildAndSave(model, options, cacheDir, entry);
}

export interface CachedSession {
  session: ort.InferenceSession;
  cache: SessionCacheUse;
  /** The cache entry (file name in the cache folder) holding the optimized model, when there is one. */
  entry?: string;
}

/** A session from a cache entry; null when it is missing or damaged (a damaged one is deleted). */
export async function openCachedEntry(
  cacheDir: string, entry: string, options: ort.InferenceSession.SessionOptions,
): Promise<ort.InferenceSession | null> {
  const path = join(cacheDir, entry);
  if (!existsSync(path)) return null;
  try {
    const session = await ort.InferenceSession.create(path, options);
    touch(path);
    return session;
  } catch {
    removeQuietly(path);
    return null;
  }
}

function create(model: ModelBytes, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model.bytes, model.externalData.length > 0 ? { ...options, externalData: model.externalData } : options);
}

async function buildAndSave(
  model: ModelBytes, options: ort.InferenceSession.SessionOptions, cacheDir: string, entry: string,
): Promise<CachedSession> {
  const path = join(cacheDir, entry);
  const partial = partialPath(path);
  try {
    mkdirSync(cacheDir, { recursive: true });
    // onnxruntime warns that an optimized model may hold CPU-specific kernels: the key holds the CPU
    const session = await create(model, {
      ...options, optimizedModelFilePath: partial, logSeverityLevel: 3,
      extra: { ...(options.extra as object), session: { ...((options.extra as { session?: object })?.session), save_model_format: 'ORT' } },
    });
    // another process may have saved the same entry meanwhile: the rename replaces it atomically
    renameSync(partial, path);
    pruneCache(cacheDir, '.ort', MAX_ENTRIES);
    return { session, cache: 'miss', entry };
  } catch {
    removeQuietly(partial);
    return { session: await create(model, options), cache: 'off' };
  }
}

function cacheKey(model: ModelBytes, options: ort.InferenceSession.SessionOptions): string {
  const hash = createHash('sha256');
  hash.update(model.bytes);
  for (const file of model.externalData) hash.update(file.path).update(file.data);
  hash.update(sessionEnvironment(options));
  return hash.digest('hex').slice(0, 32);
}

/**
 * What an optimized model depends on besides the model: the onnxruntime version, the CPU (an
 * optimized model at the "all" level may hold kernels chosen for it) and the session options.
 */
export function sessionEnvironment(options: ort.InferenceSession.SessionOptions): string {
  return JSON.stringify({ ort: ort.env.versions, cpu: cpus()[0]?.model ?? '', features: cpuFeatures(), level: options.graphOptimizationLevel, extra: options.extra });
}

/** Where a cache file is written before it is renamed into place (never read half-written). */
export function partialPath(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
}

/**
 * Saves a small cache file atomically and keeps the `keep` most recently used files ending in
 * `suffix`; a folder that cannot be written only loses the file.
 */
export function saveCacheFile(cacheDir: string, name: string, contents: string, suffix: string, keep: number): void {
  const path = join(cacheDir, name);
  const partial = partialPath(path);
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(partial, contents);
    renameSync(partial, path);
    pruneCache(cacheDir, suffix, keep);
  } catch {
    removeQuietly(partial);
  }
}

export function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // nothing there to remove, or nothing that can be
  }
}

/** The instruction-set flags of the CPU (Linux), so that machines sharing a data folder share entries only when they may. */
function cpuFeatures(): string {
  if (cpuFlags !== undefined) return cpuFlags;
  try {
    cpuFlags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim() ?? '';
  } catch {
    cpuFlags = '';
  }
  return cpuFlags;
}

/** Read once per thread: every cache key and manifest lookup needs it. */
let cpuFlags: string | undefined;

export function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // a read-only cache still serves
  }
}

/** Keeps the `keep` most recently used files ending in `suffix`. */
export function pruneCache(cacheDir: string, suffix: string, keep: number): void {
  const entries = readdirSync(cacheDir).filter((f) => f.endsWith(suffix))
    .map((f) => ({ path: join(cacheDir, f), used: statSync(join(cacheDir, f)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const stale of entries.slice(keep)) rmSync(stale.path, { force: true });
}
