import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';

export const DEMO_MODEL = new URL('../../models/demo/demo-decoder.onnx', import.meta.url).pathname;
export const DEMO_TEXT = new URL('../../models/demo/calibration.txt', import.meta.url).pathname;

export function demoAvailable(): boolean {
  return existsSync(DEMO_MODEL) && existsSync(DEMO_TEXT);
}

/** First sequences*seqLen bytes of the demo calibration text, as token ids. */
export function demoTokens(sequences: number, seqLen: number): BigInt64Array {
  const bytes = readFileSync(DEMO_TEXT).subarray(0, sequences * seqLen);
  return BigInt64Array.from(bytes, (b) => BigInt(b));
}

/** Deterministic pseudo-random token ids below `vocab`. */
export function syntheticTokens(count: number, vocab: number, seed = 1): BigInt64Array {
  let state = seed >>> 0 || 1;
  const out = new BigInt64Array(count);
  for (let k = 0; k < count; k++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[k] = BigInt(state % vocab);
  }
  return out;
}

/** Writes generated decoders into a fresh temporary folder; `cleanup` removes it. */
export function modelFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'fusionscope-analysis-test-'));
  return {
    root: dir,
    write(name: string, options: TestDecoderOptions & { externalData?: boolean }): string {
      const path = join(dir, `${name}.onnx`);
      writeTestDecoder(path, options);
      return path;
    },
    cleanup(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
