import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, sep, win32 } from 'node:path';
import type { TensorProto } from './onnx-types.ts';

export const EXTERNAL_LOCATION = 1;

export interface ExternalDataRef {
  location: string;
  offset: number;
  /** Null when the entry omits it: the data runs to the end of the file. */
  length: number | null;
}

export function isExternalTensor(tensor: TensorProto): boolean {
  return tensor.dataLocation === EXTERNAL_LOCATION;
}

export function externalDataRef(tensor: TensorProto): ExternalDataRef {
  const entries = new Map((tensor.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (!location) throw new Error(`tensor "${tensor.name}" is marked external but has no external_data location`);
  const length = entries.get('length');
  return { location, offset: Number(entries.get('offset') ?? 0), length: length === undefined ? null : Number(length) };
}

/**
 * Resolves an external data location against the model's folder. A model file must never make
 * us read another file: absolute paths, `..` segments and links leading outside are refused.
 */
export function resolveExternalDataPath(baseDir: string, location: string, tensorName = '?'): string {
  const what = `external data location "${location}" of tensor "${tensorName}"`;
  if (isAbsolute(location) || posix.isAbsolute(location) || win32.isAbsolute(location)) {
    throw new Error(`${what} is an absolute path; external data must be a relative path inside the model's folder`);
  }
  if (location.split(/[\\/]+/).includes('..')) {
    throw new Error(`${what} contains "..": external data must stay inside the model's folder`);
  }
  const candidate = join(baseDir, location);
  if (!existsSync(candidate)) throw new Error(`${what} does not exist (looked for ${candidate})`);
  const realFolder = realpathSync(baseDir);
  const realFile = realpathSync(candidate);
  if (!realFile.startsWith(realFolder.endsWith(sep) ? realFolder : realFolder + sep)) {
    throw new Error(`${what} resolves (through a symbolic link) to ${realFile}, outside the model's folder ${realFolder}; refused`);
  }
  if (!statSync(realFile).isFile()) throw new Error(`${what} is not a regular file`);
  return realFile;
}

/** Checks every external reference of the given tensors up front, so a bad model fails at load. */
export function validateExternalData(baseDir: string, tensors: TensorProto[]): void {
  for (const tensor of tensors) {
    if (!isExternalTensor(tensor)) continue;
    const ref = externalDataRef(tensor);
    const file = resolveExternalDataPath(baseDir, ref.location, tensor.name);
    const size = statSync(file).size;
    const end = ref.offset + (ref.length ?? 0);
    if (ref.offset < 0 || end > size) {
      throw new Error(`tensor "${tensor.name}" wants bytes ${ref.offset}..${end} of ${ref.location}, which has ${size} bytes`);
    }
  }
}

/** Reads one tensor's bytes from its external file (only that range is read). */
export function readExternalData(baseDir: string | null, tensor: TensorProto): Buffer {
  if (baseDir === null) throw new Error(`tensor "${tensor.name}" keeps its data in an external file, but the model was not loaded from a file`);
  const ref = externalDataRef(tensor);
  const file = resolveExternalDataPath(baseDir, ref.location, tensor.name);
  const length = ref.length ?? statSync(file).size - ref.offset;
  const buffer = Buffer.allocUnsafe(length);
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buffer, done, length - done, ref.offset + done);
      if (n === 0) throw new Error(`external data of tensor "${tensor.name}" ends early in ${ref.location}`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return buffer;
}

