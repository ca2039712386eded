import path from 'node:path';
import type { Db } from '../../lib/db/prisma-client.ts';
import { registerModel } from '../../lib/api/models/register-model.ts';
import { createCalibrationSet } from '../../lib/api/calibration/create-calibration-set.ts';
import { writeTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';

/** Seeded pseudo-random token ids below `vocab`. */
export function seededTokens(count: number, vocab: number, seed = 7): BigInt64Array {
  const tokens = new BigInt64Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    tokens[i] = BigInt(state % vocab);
  }
  return tokens;
}

/** A generated decoder registered in the store, with a calibration set; returns their ids. */
export async function seedModelWithCalibration(db: Db, dataDir: string, options: TestDecoderOptions, sequences: number, seqLen: number) {
  const file = path.join(dataDir, `source-${options.layers}-${options.seed ?? 1}.onnx`);
  writeTestDecoder(file, options);
  const modelId = await registerModel(db, dataDir, { modelPath: file, name: `generated L=${options.layers}` });
  const tokens = seededTokens(sequences * seqLen, options.vocab ?? 256);
  const calibrationSetId = await createCalibrationSet(db, dataDir, { modelId, name: 'seeded', source: 'ids', tokenDtype: 'int64', tokens, seqLen });
  return { modelId, calibrationSetId, modelFile: file, tokens };
}
