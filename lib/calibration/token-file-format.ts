import { CalibrationError } from './calibration-error.ts';
import { TOKEN_DTYPES, type TokenDtype, isTokenDtype } from './token-dtype.ts';

/** Raw little-endian ids of one dtype, a NumPy .npy file, or a JSON array. */
export type TokenFileFormat = TokenDtype | 'npy' | 'json';
export const TOKEN_FILE_FORMATS: readonly TokenFileFormat[] = [...TOKEN_DTYPES, 'npy', 'json'];

export function parseTokenFileFormat(name: string): TokenFileFormat {
  if (isTokenDtype(name) || name === 'npy' || name === 'json') return name;
  throw new CalibrationError(
    'unknown-dtype',
    `unknown token file format "${name}": expected one of ${TOKEN_FILE_FORMATS.join(', ')}`,
  );
}

/** The format a file's extension names (.npy, .json), or null when it names none. */
export function formatFromPath(filePath: string): TokenFileFormat | null {
  const lower = filePath.toLowerCase();
  if (lower.endsWith('.npy')) return 'npy';
  if (lower.endsWith('.json')) return 'json';
  return null;
}
