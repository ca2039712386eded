import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/prisma-client.ts';
import { storePaths } from '../../store/store-paths.ts';

export interface CalibrationSetInput {
  modelId: string;
  name: string;
  /** text, ids, file or demo */
  source: string;
  tokenDtype: string;
  /** Token ids already split into sequences: [sequences * seqLen]. */
  tokens: BigInt64Array;
  seqLen: number;
}

/** Stores the token ids as little-endian int64 and records the set. */
export async function createCalibrationSet(db: Db, dataDir: string, input: CalibrationSetInput): Promise<string> {
  if (input.tokens.length === 0 || input.tokens.length % input.seqLen !== 0) {
    throw new Error(`calibration tokens (${input.tokens.length}) must fill whole sequences of ${input.seqLen}`);
  }
  const id = crypto.randomUUID();
  const file = storePaths.calibrationFile(id);
  const absolute = storePaths.absolute(dataDir, file);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.writeFileSync(absolute, Buffer.from(input.tokens.buffer, input.tokens.byteOffset, input.tokens.byteLength));
  try {
    await db.calibrationSet.create({
      data: {
        id,
        modelId: input.modelId,
        name: input.name,
        source: input.source,
        tokenDtype: input.tokenDtype,
        seqLen: input.seqLen,
        tokenCount: input.tokens.length,
        sequenceCount: input.tokens.length / input.seqLen,
        file,
      },
    });
  } catch (error) {
    fs.rmSync(absolute, { force: true });
    throw error;
  }
  return id;
}
