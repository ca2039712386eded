import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FusionRun, Model } from '../../db/generated/client.ts';
import type { Db } from '../../db/prisma-client.ts';
import { readCalibrationTokens } from '../calibration/read-calibration-tokens.ts';

const DEMO_HELDOUT = fileURLToPath(new URL('../../../models/demo/heldout.txt', import.meta.url));
const DEMO_SEQ_LEN = 256;

export interface EvaluationTokens {
  tokens: BigInt64Array;
  seqLen: number;
  /** Where the tokens came from, stored with the metrics. */
  source: string;
}

/**
 * Tokens a fusion run is measured on: the demo model's held-out text (kept out of training and
 * calibration); for other models the calibration set of the run's analysis, else the model's
 * latest calibration set (named as such in the metrics, since it is not held out).
 */
export async function evaluationTokens(db: Db, dataDir: string, run: FusionRun & { model: Model }): Promise<EvaluationTokens> {
  if (run.model.isDemo && fs.existsSync(DEMO_HELDOUT)) {
    const bytes = fs.readFileSync(DEMO_HELDOUT);
    const usable = bytes.subarray(0, Math.floor(bytes.length / DEMO_SEQ_LEN) * DEMO_SEQ_LEN);
    return { tokens: BigInt64Array.from(usable, BigInt), seqLen: DEMO_SEQ_LEN, source: 'models/demo/heldout.txt (held out)' };
  }
  const analysis = run.analysisId ? await db.analysis.findUnique({ where: { id: run.analysisId }, include: { calibrationSet: true } }) : null;
  const set = analysis?.calibrationSet ?? await db.calibrationSet.findFirst({ where: { modelId: run.modelId }, orderBy: { createdAt: 'desc' } });
  if (!set) throw new Error(`model ${run.modelId} has no calibration set to evaluate the fusion on; add one first`);
  return { tokens: readCalibrationTokens(dataDir, set.file), seqLen: set.seqLen, source: `calibration set "${set.name}" (${set.id}), not held out` };
}
