import fs from 'node:fs';
import { CalibrationError } from './calibration-error.ts';
import { decodeTokenBytes } from './decode-token-bytes.ts';
import type { TokenArray } from './token-array.ts';
import { TOKEN_FILE_FORMATS, formatFromPath, parseTokenFileFormat } from './token-file-format.ts';

/**
 * Token ids from a file: raw uint8/uint16/int32/int64 (little-endian), .npy or JSON.
 * The format may be left out for .npy and .json files; raw files must name their dtype.
 */
export function readTokenFile(filePath: string, format?: string): TokenArray {
  const resolved = format === undefined ? formatFromPath(filePath) : parseTokenFileFormat(format);
  if (resolved === null) {
    throw new CalibrationError(
      'unknown-dtype',
      `say how ${filePath} stores its token ids: one of ${TOKEN_FILE_FORMATS.join(', ')}`,
    );
  }
  return decodeTokenBytes(fs.readFileSync(filePath), resolved);
}
