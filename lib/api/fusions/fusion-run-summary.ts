import type { FusionRun, Model } from '../../db/generated/client.ts';
import type { FusionMetrics } from './fusion-metrics.ts';

export interface FusionRunSummary {
  id: string;
  modelId: string;
  modelName: string;
  analysisId: string | null;
  ranges: Array<[number, number]>;
  status: string;
  progress: { done: number; total: number };
  metrics: FusionMetrics | null;
  error: string | null;
  hasModel: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function toFusionRunSummary(run: FusionRun & { model: Pick<Model, 'name'> }): FusionRunSummary {
  return {
    id: run.id,
    modelId: run.modelId,
    modelName: run.model.name,
    analysisId: run.analysisId,
    ranges: run.ranges as Array<[number, number]>,
    status: run.status,
    progress: { done: run.progressDone, total: run.progressTotal },
    metrics: (run.metrics as FusionMetrics | null) ?? null,
    error: run.error,
    hasModel: run.outputFile !== null && run.status === 'succeeded',
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
