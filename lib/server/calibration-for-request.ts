import type { Db } from '../db/prisma-client.ts';
import type { StructureSummary } from '../onnx/decoder-structure.ts';
import { createCalibrationSet } from '../api/calibration/create-calibration-set.ts';
import type { CalibrationRequest } from './analysis-request.ts';
import { badRequest } from './http-error.ts';
import { splitTokenIds } from './split-token-ids.ts';

const DEFAULT_SEQ_LEN = 128;

function textToIds(text: string, structure: StructureSummary): Uint8Array {
  if (structure.vocabSize !== 256) {
    throw badRequest(`text calibration needs a byte-level model (vocabulary 256); this model has ${structure.vocabSize} tokens: send token ids instead`);
  }
  return new TextEncoder().encode(text);
}

function checkSeqLen(seqLen: number, structure: StructureSummary): void {
  if (structure.maxSequenceLength !== null && seqLen > structure.maxSequenceLength) {
    throw badRequest(`seqLen ${seqLen} exceeds the model's maximum sequence length ${structure.maxSequenceLength}`);
  }
}

/** The calibration set an analysis request names, or a new one made from its text or ids. */
export async function calibrationForRequest(
  db: Db, dataDir: string, model: { id: string; structure: StructureSummary }, calibration: CalibrationRequest, seqLen?: number,
): Promise<string> {
  if ('calibrationSetId' in calibration) {
    const set = await db.calibrationSet.findFirst({ where: { id: calibration.calibrationSetId, modelId: model.id } });
    if (!set) throw badRequest(`no calibration set ${calibration.calibrationSetId} for model ${model.id}`);
    return set.id;
  }
  const length = seqLen ?? Math.min(DEFAULT_SEQ_LEN, model.structure.maxSequenceLength ?? DEFAULT_SEQ_LEN);
  checkSeqLen(length, model.structure);
  const ids = 'text' in calibration ? textToIds(calibration.text, model.structure) : calibration.ids;
  const tokens = splitTokenIds(ids, length, model.structure.vocabSize);
  const source = 'text' in calibration ? 'text' : 'ids';
  const name = `${source}: ${tokens.length / length} × ${length} tokens`;
  return createCalibrationSet(db, dataDir, { modelId: model.id, name, source, tokenDtype: 'int64', tokens, seqLen: length });
}
