import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { resolveExternalDataPath } from '../onnx/external-data.ts';
import { engineSourceVersion } from './engine-source-version.ts';
import { pruneCache, removeQuietly, sessionEnvironment, touch } from './optimized-session-cache.ts';

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
  const path = aliasPath(cacheDir, modelPath, options);
  if (!path || !existsSync(path)) return null;
  try {
    const alias = JSON.parse(readFileSync(path, 'utf8')) as Alias;
    if (!alias.files.every((f) => identityOf(f.path) === f.identity)) return null;
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
  const path = aliasPath(cacheDir, modelPath, options);
  if (!path) return;
  const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  try {
    // absolute paths: a later job may run from another folder; external data is found beside the
    // path the model was opened by (as the loader finds it), so each path has its own alias
    const model = resolve(modelPath);
    const paths = [model, ...externalLocations.map((l) => resolveExternalDataPath(dirname(model), l))];
    const files = paths.map((p) => ({ path: p, identity: identityOf(p), modified: statSync(p).mtimeMs }));
    if (files.some((f) => f.modified > Date.now() - SETTLED_MS)) return;
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(partial, JSON.stringify({ key, files: files.map(({ path: p, identity }) => ({ path: p, identity })) } satisfies Alias));
    renameSync(partial, path);
    pruneCache(cacheDir, '.alias', MAX_ALIASES);
  } catch {
    removeQuietly(partial);
  }
}

interface Alias {
  key: string;
  files: Array<{ path: string; identity: string }>;
}

function aliasPath(cacheDir: string, modelPath: string, options: ort.InferenceSession.SessionOptions): string | null {
  const engine = engineSourceVersion();
  if (!engine) return null;
  const name = createHash('sha256').update(resolve(modelPath)).update(engine).update(sessionEnvironment(options)).digest('hex');
  return join(cacheDir, `${name.slice(0, 32)}.alias`);
}

function identityOf(path: string): string {
  const s = statSync(path, { bigint: true });
  return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
}
