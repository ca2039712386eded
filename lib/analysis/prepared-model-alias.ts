import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { resolveExternalDataPath } from '../onnx/external-data.ts';
import { engineSourceVersion } from './engine-source-version.ts';
import { removeQuietly, saveCacheFile, sessionEnvironment, touch } from './optimized-session-cache.ts';

/** Aliases kept per cache folder; the least recently used go first. */
const MAX_ALIASES = 64;
/** A file modified this recently may still change within its timestamp's resolution: it gets no alias yet. */
const SETTLED_MS = 2_000;

/**
 * Where a model file's manifest is found without reading the file: its manifest key (the SHA-256
 * of its bytes, prepared-model-manifest.ts) kept under the file's path, with the identity (size,
 * modification and change times, inode) of the file and of every external data file it reads. A
 * later analysis whose files all still have that identity takes the key as it is, instead of
 * hashing the model and its weights again (20 ms for the demo, seconds for a model with gigabytes
 * of external data, on every row-range job). A file changed in any way has another identity, and
 * its content is hashed as before.
 */
export function manifestKeyByAlias(cacheDir: string, modelPath: string, options: ort.InferenceSession.SessionOptions): string | null {
  const name = aliasName(modelPath, options);
  const path = name && join(cacheDir, name);
  if (!path || !existsSync(path)) return null;
  try {
    const alias = JSON.parse(readFileSync(path, 'utf8')) as Alias;
    if (!alias.files.every((f) => fileIdentity(f.path).identity === f.identity)) return null;
    touch(path);
    return alias.key;
  } catch {
    removeQuietly(path);
    return null;
  }
}

/** Records `key` for the model file and the external data files it reads (locations relative to its folder). */
export function writeManifestAlias(
  cacheDir: string, modelPath: string, options: ort.InferenceSession.SessionOptions, key: string, externalLocations: string[],
): void {
  const name = aliasName(modelPath, options);
  if (!name) return;
  try {
    // absolute paths: a later job may run from another folder; external data is found beside the
    // path the model was opened by (as the loader finds it), so each path has its own alias
    const model = resolve(modelPath);
    const paths = [model, ...externalLocations.map((l) => resolveExternalDataPath(dirname(model), l))];
    const files = paths.map((p) => ({ path: p, ...fileIdentity(p) }));
    if (files.some((f) => f.modifiedMs > Date.now() - SETTLED_MS)) return;
    const alias: Alias = { key, files: files.map(({ path: p, identity }) => ({ path: p, identity })) };
    saveCacheFile(cacheDir, name, JSON.stringify(alias), '.alias', MAX_ALIASES);
  } catch {
    // a file that cannot be read gets no alias
  }
}

interface Alias {
  key: string;
  files: Array<{ path: string; identity: string }>;
}

/** The alias file's name for a model path, or null when the engine's version cannot be told. */
function aliasName(modelPath: string, options: ort.InferenceSession.SessionOptions): string | null {
  const engine = engineSourceVersion();
  if (!engine) return null;
  const hash = createHash('sha256').update(resolve(modelPath)).update(engine).update(sessionEnvironment(options)).digest('hex');
  return `${hash.slice(0, 32)}.alias`;
}

/** The file's identity (device, inode, size, modification and change times) from one stat, and when it was modified. */
function fileIdentity(path: string): { identity: string; modifiedMs: number } {
  const s = statSync(path, { bigint: true });
  return { identity: [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':'), modifiedMs: Number(s.mtimeMs) };
}
