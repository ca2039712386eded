import { analysisThreads } from '../../analysis/analysis-threads.ts';
import { evaluationTokens } from '../../api/fusions/evaluation-tokens.ts';
import { fusionMetrics } from '../../api/fusions/fusion-metrics.ts';
import { evaluateFusion } from '../../fusion/evaluation/evaluate-fusion.ts';
import type { FusionRange } from '../../fusion/fusion-range.ts';
import { storePaths } from '../../store/store-paths.ts';
import type { JobHandler } from '../job-definition.ts';
import type { FuseRangesPayload } from './fuse-ranges.ts';

const FUSED_FILE = 'fused.onnx';

/** Builds the fused model into fused/<runId>/, evaluates it on held-out tokens, stores the metrics. */
const fuseRanges: JobHandler<FuseRangesPayload> = async ({ db, dataDir, payload, reportProgress }) => {
  const run = await db.fusionRun.findUnique({ where: { id: payload.fusionRunId }, include: { model: true } });
  if (!run) throw new Error(`fusion run ${payload.fusionRunId} no longer exists`);
  if (run.status === 'cancelled' || run.status === 'failed') return { skipped: run.status };
  await db.fusionRun.update({ where: { id: run.id }, data: { status: 'running', startedAt: new Date(), error: null } });
  const evaluation = await evaluationTokens(db, dataDir, run);
  const outputFile = `${storePaths.fusedModelDir(run.id)}/${FUSED_FILE}`;
  let lastWrite = Promise.resolve();
  const result = await evaluateFusion({
    modelPath: storePaths.absolute(dataDir, run.model.file),
    ranges: run.ranges as FusionRange[],
    outputPath: storePaths.absolute(dataDir, outputFile),
    tokens: evaluation.tokens,
    seqLen: evaluation.seqLen,
    maxSequences: 32,
    intraOpThreads: analysisThreads(),
    onProgress: (done, total) => {
      reportProgress(done + 1, total + 1);
      lastWrite = lastWrite.then(() => db.fusionRun.update({ where: { id: run.id }, data: { progressDone: done + 1, progressTotal: total + 1 } })).then(() => undefined);
    },
  });
  await lastWrite;
  const metrics = fusionMetrics(result, evaluation.source);
  await db.fusionRun.update({
    where: { id: run.id },
    data: { status: 'succeeded', metrics: metrics as object, outputFile, finishedAt: new Date() },
  });
  return { outputFile, kl: result.kl, warnings: result.fusion.warnings };
};

export default fuseRanges;
