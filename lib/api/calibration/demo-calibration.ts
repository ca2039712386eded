import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEMO_SEQ_LEN = 256;
export const DEMO_SEQUENCES = 16;
const DEMO_TEXT = fileURLToPath(new URL('../../../models/demo/calibration.txt', import.meta.url));

/** The demo model's calibration text as byte tokens: 16 sequences of 256 bytes. */
export function demoCalibrationTokens(): BigInt64Array {
  const bytes = fs.readFileSync(DEMO_TEXT);
  const count = DEMO_SEQ_LEN * DEMO_SEQUENCES;
  if (bytes.length < count) throw new Error(`${DEMO_TEXT} holds ${bytes.length} bytes; the demo calibration set needs ${count}`);
  return BigInt64Array.from(bytes.subarray(0, count), (b) => BigInt(b));
}
