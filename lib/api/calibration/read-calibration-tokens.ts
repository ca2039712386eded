import fs from 'node:fs';
import { storePaths } from '../../store/store-paths.ts';

/** The stored int64 token ids of a calibration set. */
export function readCalibrationTokens(dataDir: string, file: string): BigInt64Array {
  const bytes = fs.readFileSync(storePaths.absolute(dataDir, file));
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new BigInt64Array(copy);
}
