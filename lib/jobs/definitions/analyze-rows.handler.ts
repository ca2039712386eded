import { readCalibrationTokens } from '../../api/calibration/read-calibration-tokens.ts';
import { finishAnalysisIfComplete } from '../../api/analyses/finish-analysis-if-complete.ts';
import { saveBlockMetrics } from '../../api/analyses/save-block-metrics.ts';
import { saveDependencyRow } from '../../api/analyses/save-dependency-row.ts';
import { computeBlockMetrics } from '../../analysis/block-metrics.ts';
import { computeDependencyMatrix } from '../../analysis/dependency-matrix.ts';
import { storePaths } from '../../store/store-paths.ts';
import { analysisThreads, memoryBudgetFromEnv } from '../../analysis/analysis-threads.ts';
import { executionProviderFromEnv } from '../../analysis/execution-provider.ts';
import type { AnalysisProgress } from '../../analysis/types.ts';
import type { JobHandler } from '../job-definition.ts';
import type { AnalyzeRowsPayload } from './analyze-rows.ts';

/** Computes the rows of its range that are not stored yet, storing each as soon as it is done. */
const analyzeRows: JobHandler<AnalyzeRowsPayload> = async ({ db, dataDir, payload, reportProgress, signal }) => {
  const analysis = await db.analysis.findUnique({ where: { id: payload.analysisId }, include: { model: true, calibrationSet: true } });
  if (!analysis) throw new Error(`analysis ${payload.analysisId} no longer exists`);
  if (analysis.status === 'cancelled' || analysis.status === 'failed') return { skipped: analysis.status };
  await db.analysis.updateMany({ where: { id: analysis.id, status: 'queued' }, data: { status: 'running', startedAt: new Date() } });
  const wanted = Array.from({ length: payload.lastRow - payload.firstRow + 1 }, (_, k) => payload.firstRow + k);
  const stored = await db.dependencyRow.findMany({ where: { analysisId: analysis.id, droppedBlock: { in: wanted } }, select: { droppedBlock: true } });
  const done = new Set(stored.map((r) => r.droppedBlock));
  const missing = wanted.filter((i) => !done.has(i));
  const common = {
    modelPath: storePaths.absolute(dataDir, analysis.model.file),
    tokens: readCalibrationTokens(dataDir, analysis.calibrationSet.file),
    seqLen: analysis.calibrationSet.seqLen,
    intraOpThreads: analysisThreads(),
    executionProvider: executionProviderFromEnv(),
    memoryBudgetBytes: memoryBudgetFromEnv(),
    signal,
  };
  const needsMetrics = payload.withBlockMetrics && (await db.blockMetric.count({ where: { analysisId: analysis.id } })) === 0;
  // the job's progress counts block evaluations: a streamed pass stores its rows only at its end
  const onProgress = (p: AnalysisProgress) => reportProgress(p.blockEvaluationsDone, p.blockEvaluationsTotal);
  if (missing.length > 0) {
    // the matrix run's streamed forward pass yields the block metrics too: no second pass for them
    const result = await computeDependencyMatrix({
      ...common,
      rows: missing,
      onRow: (row) => saveDependencyRow(db, analysis.id, row),
      onProgress,
    });
    if (needsMetrics) await saveBlockMetrics(db, analysis.id, result.blockMetrics);
  } else if (needsMetrics) {
    await saveBlockMetrics(db, analysis.id, (await computeBlockMetrics({ ...common, onProgress })).blockMetrics);
  }
  await finishAnalysisIfComplete(db, analysis.id);
  return { rows: [payload.firstRow, payload.lastRow], computed: missing.length, reused: done.size };
};

export default analyzeRows;
