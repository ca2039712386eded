import type { Analysis, CalibrationSet, Model } from '../../db/generated/client.ts';

/** One analysis as listed on model, runs and compare pages. */
export interface AnalysisSummary {
  id: string;
  modelId: string;
  modelName: string;
  calibrationSetName: string;
  status: string;
  progress: { done: number; total: number };
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function toAnalysisSummary(a: Analysis & { model: Pick<Model, 'name'>; calibrationSet: Pick<CalibrationSet, 'name'> }): AnalysisSummary {
  return {
    id: a.id,
    modelId: a.modelId,
    modelName: a.model.name,
    calibrationSetName: a.calibrationSet.name,
    status: a.status,
    progress: { done: a.progressDone, total: a.progressTotal },
    error: a.error,
    createdAt: a.createdAt.toISOString(),
    startedAt: a.startedAt?.toISOString() ?? null,
    finishedAt: a.finishedAt?.toISOString() ?? null,
  };
}
