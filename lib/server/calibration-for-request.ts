import type { Db } from '../db/prisma-client.ts';
import type { StructureSummary } from '../onnx/decoder-structure.ts';
import { createCalibrationSet } from '../api/calibration/create-calibration-set.ts';
import { CalibrationError, encodeTextAsTokens, splitIntoSequences } from '../calibration/index.ts';
import { storePaths } from '../store/store-paths.ts';
import type { CalibrationRequest } from './analysis-request.ts';
import { badRequest } from './http-error.ts';

const DEFAULT_SEQ_LEN = 128;

export interface ModelForCalibration {
  id: string;
  structure: StructureSummary;
  tokenizerFile: string | null;
}

function tokenStream(dataDir: string, model: ModelForCalibration, calibration: { text: string } | { ids: number[] }): BigInt64Array | number[] {
  if ('ids' in calibration) return calibration.ids;
  const tokenizerJsonPath = model.tokenizerFile ? storePaths.absolute(dataDir, model.tokenizerFile) : undefined;
  return encodeTextAsTokens(calibration.text, { vocabSize: model.structure.vocabSize, tokenizerJsonPath });
}

/** The calibration set an analysis request names, or a new one made from its text or ids. */
export async function calibrationForRequest(db: Db, dataDir: string, model: ModelForCalibration, calibration: CalibrationRequest, seqLen?: number): Promise<string> {
  if ('calibrationSetId' in calibration) {
    const set = await db.calibrationSet.findFirst({ where: { id: calibration.calibrationSetId, modelId: model.id } });
    if (!set) throw badRequest(`no calibration set ${calibration.calibrationSetId} for model ${model.id}`);
    return set.id;
  }
  const length = seqLen ?? Math.min(DEFAULT_SEQ_LEN, model.structure.maxSequenceLength ?? DEFAULT_SEQ_LEN);
  try {
    const split = splitIntoSequences(tokenStream(dataDir, model, calibration), length, { vocabSize: model.structure.vocabSize, maxSequenceLength: model.structure.maxSequenceLength });
    const source = 'text' in calibration ? 'text' : 'ids';
    return await createCalibrationSet(db, dataDir, { modelId: model.id, name: `${source}: ${split.sequences} × ${length} tokens`, source, tokenDtype: 'int64', tokens: split.ids, seqLen: length });
  } catch (error) {
    if (error instanceof CalibrationError) throw badRequest(error.message);
    throw error;
  }
}
