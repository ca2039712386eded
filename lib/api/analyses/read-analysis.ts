import { suggestFusionRanges } from '../../analysis/suggest-ranges/suggest-fusion-ranges.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { StructureSummary } from '../../onnx/decoder-structure.ts';
import type { AnalysisDetail, BlockMetricSeries } from './analysis-detail.ts';
import { toAnalysisSummary } from './analysis-summary.ts';

const finiteOrNull = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

function emptyMatrix(size: number): Array<Array<number | null>> {
  return Array.from({ length: size }, () => new Array<number | null>(size).fill(null));
}

/** The analysis with its matrix and block metrics as computed so far; null when unknown. */
export async function readAnalysis(db: Db, id: string): Promise<AnalysisDetail | null> {
  const a = await db.analysis.findUnique({
    where: { id },
    include: {
      model: { select: { name: true, structure: true } },
      calibrationSet: { select: { name: true } },
      rows: { select: { droppedBlock: true, values: true, dropOneKl: true } },
      blockMetrics: true,
    },
  });
  if (!a) return null;
  const structure = a.model.structure as unknown as StructureSummary;
  const size = structure.blockCount;
  const matrix = emptyMatrix(size);
  const metrics: BlockMetricSeries = {
    inputOutputCosineDistance: new Array(size).fill(null),
    contributionNormRatio: new Array(size).fill(null),
    blockInfluence: new Array(size).fill(null),
    dropOneKl: new Array(size).fill(null),
  };
  for (const row of a.rows) {
    if (row.droppedBlock >= size) continue;
    matrix[row.droppedBlock] = Array.from({ length: size }, (_, j) => (j > row.droppedBlock ? finiteOrNull(row.values[j]) : null));
    metrics.dropOneKl[row.droppedBlock] = finiteOrNull(row.dropOneKl);
  }
  for (const m of a.blockMetrics) {
    if (m.blockIndex >= size) continue;
    metrics.inputOutputCosineDistance[m.blockIndex] = finiteOrNull(m.inputOutputCosineDistance);
    metrics.contributionNormRatio[m.blockIndex] = finiteOrNull(m.contributionNormRatio);
    metrics.blockInfluence[m.blockIndex] = finiteOrNull(m.blockInfluence);
  }
  return {
    ...toAnalysisSummary(a),
    calibrationSetId: a.calibrationSetId,
    blocks: structure.blocks,
    attentionFreeRuns: structure.attentionFreeRuns,
    matrix,
    computedRows: a.rows.map((r) => r.droppedBlock).sort((x, y) => x - y),
    metrics,
    suggestions: a.status === 'succeeded' ? suggestFusionRanges(matrix, structure.blocks) : null,
  };
}
