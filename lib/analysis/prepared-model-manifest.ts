import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import { externalDataRef, isExternalTensor, resolveExternalDataPath } from '../onnx/external-data.ts';
import { modelTensors } from '../onnx/model-tensors.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { BlockChainNames } from './block-chain-model.ts';
import { engineSourceVersion } from './engine-source-version.ts';
import { removeQuietly, saveCacheFile, sessionEnvironment, touch } from './optimized-session-cache.ts';

/** Manifests kept per cache folder; the least recently used go first. */
const MAX_MANIFESTS = 64;

/**
 * What the engine prepared from one model file, kept in the optimized-session cache folder next to
 * the optimized prologue and chain, so that a later analysis of the same file (every row-range job
 * of an analysis, every later analysis) opens the two sessions at once instead of decoding the
 * graph, finding its structure, partitioning it and building the chain again.
 */
export interface PreparedModelManifest {
  structure: DecoderStructure;
  /** Prologue outputs: the stream X_0 first, then the side values. */
  prologueOutputs: string[];
  chainNames: BlockChainNames;
  /** Cache entries (file names in the cache folder) of the optimized prologue and chain. */
  prologueEntry: string;
  chainEntry: string;
  /** External data files the model reads, with their SHA-256: a manifest whose files changed is not used. */
  externalFiles: Array<{ location: string; sha256: string }>;
}

/**
 * The manifest's key: the SHA-256 of the model file's bytes, the engine's own source version and
 * the session environment (onnxruntime version, CPU, options). Null when the engine's version
 * cannot be told (nothing is then reused by model content).
 */
export function manifestKey(modelBytes: Uint8Array, options: ort.InferenceSession.SessionOptions): string | null {
  const engine = engineSourceVersion();
  if (!engine) return null;
  return createHash('sha256').update(modelBytes).update(engine).update(sessionEnvironment(options)).digest('hex').slice(0, 32);
}

/**
 * The manifest under `key`, or null when there is none, it is damaged, or an external data file
 * changed (its content is hashed unless `externalChecked`: the files were found unchanged otherwise).
 */
export function readManifest(cacheDir: string, key: string, baseDir: string, externalChecked = false): PreparedModelManifest | null {
  const path = join(cacheDir, `${key}.json`);
  if (!existsSync(path)) return null;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as PreparedModelManifest;
    const unchanged = externalChecked || manifest.externalFiles.every((f) => fileSha256(resolveExternalDataPath(baseDir, f.location)) === f.sha256);
    if (!unchanged) return null;
    touch(path);
    return manifest;
  } catch {
    removeQuietly(path);
    return null;
  }
}

/** Saves a manifest atomically; a folder that cannot be written only loses it. */
export function writeManifest(cacheDir: string, key: string, manifest: PreparedModelManifest): void {
  saveCacheFile(cacheDir, `${key}.json`, JSON.stringify(manifest), '.json', MAX_MANIFESTS);
}

/** The external data files a loaded model reads, with their SHA-256. */
export function externalFilesOf(model: OnnxModel): PreparedModelManifest['externalFiles'] {
  if (!model.baseDir) return [];
  const baseDir = model.baseDir;
  const locations = new Set(modelTensors(model.proto).filter(isExternalTensor).map((t) => externalDataRef(t).location));
  return [...locations].sort().map((location) => ({ location, sha256: fileSha256(resolveExternalDataPath(baseDir, location)) }));
}

function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 24);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
