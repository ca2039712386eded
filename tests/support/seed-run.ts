import type { Db } from '../../lib/db/prisma-client.ts';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

/** Bare model, calibration set, analysis and fusion run rows (no files), owned by `createdById`. */
export async function seedRuns(db: Db, createdById: string | null) {
  const model = await db.model.create({
    data: { name: 'seeded model', file: 'models/none.onnx', sizeBytes: 1n, sha256: '0'.repeat(64), structure: { blockCount: 8 }, createdById },
  });
  const calibration = await db.calibrationSet.create({
    data: { modelId: model.id, name: 'seeded', source: 'ids', tokenDtype: 'int64', seqLen: 4, tokenCount: 8, sequenceCount: 2, file: 'calibration/none.bin' },
  });
  const analysis = await db.analysis.create({
    data: { modelId: model.id, calibrationSetId: calibration.id, status: 'succeeded', options: {}, createdById, createdAt: minutesAgo(3), startedAt: minutesAgo(2), finishedAt: minutesAgo(1) },
  });
  const fusion = await db.fusionRun.create({ data: { modelId: model.id, analysisId: analysis.id, ranges: [[2, 5]], createdById } });
  return { modelId: model.id, analysisId: analysis.id, fusionRunId: fusion.id };
}
