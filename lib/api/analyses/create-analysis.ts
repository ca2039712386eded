import type PgBoss from 'pg-boss';
import type { Db } from '../../db/prisma-client.ts';
import type { StructureSummary } from '../../onnx/decoder-structure.ts';
import { analyzeRowsJob } from '../../jobs/definitions/analyze-rows.ts';
import { submitJob } from '../../jobs/submit-job.ts';
import { WORKER_STALE_MS } from '../../jobs/job-timing.ts';
import { listLiveWorkers } from '../../jobs/worker-registry.ts';
import { splitRowRanges } from './split-row-ranges.ts';

export interface CreateAnalysisInput {
  modelId: string;
  calibrationSetId: string;
  /**
   * How many row-range jobs share the matrix (default: one per live worker). Every job streams the
   * whole model once for its intact pass, so one worker is best served by one job, and N workers
   * by N jobs of equal cost.
   */
  jobs?: number;
}

/** Records an analysis and queues its row-range jobs; returns the analysis id. */
export async function createAnalysis(db: Db, boss: PgBoss, input: CreateAnalysisInput): Promise<string> {
  const model = await db.model.findUnique({ where: { id: input.modelId } });
  if (!model) throw new Error(`no model with id ${input.modelId}`);
  const calibration = await db.calibrationSet.findUnique({ where: { id: input.calibrationSetId } });
  if (!calibration || calibration.modelId !== model.id) throw new Error(`no calibration set ${input.calibrationSetId} for model ${model.id}`);
  const blockCount = (model.structure as unknown as StructureSummary).blockCount;
  const ranges = splitRowRanges(blockCount, input.jobs ?? Math.max(1, (await listLiveWorkers(db, WORKER_STALE_MS)).length));
  const analysis = await db.analysis.create({
    data: {
      modelId: model.id,
      calibrationSetId: calibration.id,
      progressTotal: blockCount,
      options: { rowRanges: ranges, seqLen: calibration.seqLen, sequences: calibration.sequenceCount },
    },
  });
  const jobIds: string[] = [];
  for (const [firstRow, lastRow] of ranges) {
    jobIds.push(await submitJob(db, boss, analyzeRowsJob, { analysisId: analysis.id, firstRow, lastRow, withBlockMetrics: firstRow === 0 }));
  }
  await db.analysis.update({ where: { id: analysis.id }, data: { options: { rowRanges: ranges, seqLen: calibration.seqLen, sequences: calibration.sequenceCount, jobIds } } });
  return analysis.id;
}
