import type { Db } from '../../db/prisma-client.ts';
import { toModelView, type ModelView } from '../../server/list-models.ts';
import { listAnalyses } from '../analyses/list-analyses.ts';
import type { AnalysisSummary } from '../analyses/analysis-summary.ts';
import { listFusionRuns } from '../fusions/list-fusion-runs.ts';
import type { FusionRunSummary } from '../fusions/fusion-run-summary.ts';
import { toCalibrationSetView, type CalibrationSetView } from './calibration-set-view.ts';
import type { ModelLineage } from './register-model.ts';

export interface ModelDetail extends ModelView {
  hasTokenizer: boolean;
  hasExternalData: boolean;
  calibrationSets: CalibrationSetView[];
  analyses: AnalysisSummary[];
  fusionRuns: FusionRunSummary[];
  /** The model this one was derived from, and how; the models derived from it. */
  parent: { id: string; name: string } | null;
  lineage: ModelLineage | null;
  children: Array<{ id: string; name: string; lineage: ModelLineage | null }>;
}

/** A model with its structure, calibration sets, analyses and fusion runs; null when unknown. */
export async function readModel(db: Db, id: string): Promise<ModelDetail | null> {
  const m = await db.model.findUnique({
    where: { id },
    include: {
      calibrationSets: { orderBy: { createdAt: 'desc' } },
      parent: { select: { id: true, name: true } },
      children: { select: { id: true, name: true, lineage: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  if (!m) return null;
  return {
    ...toModelView(m),
    hasTokenizer: m.tokenizerFile !== null,
    hasExternalData: m.externalDataFile !== null,
    calibrationSets: m.calibrationSets.map(toCalibrationSetView),
    analyses: await listAnalyses(db, { modelId: id }),
    fusionRuns: await listFusionRuns(db, { modelId: id }),
    parent: m.parent,
    lineage: (m.lineage as ModelLineage | null) ?? null,
    children: m.children.map((c) => ({ id: c.id, name: c.name, lineage: (c.lineage as ModelLineage | null) ?? null })),
  };
}
