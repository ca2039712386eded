import fs from 'node:fs';
import type PgBoss from 'pg-boss';
import { beforeEach, describe, expect, it } from 'vitest';
import { createFusionRun } from '../../lib/api/fusions/create-fusion-run.ts';
import type { FusionMetrics } from '../../lib/api/fusions/fusion-metrics.ts';
import type { Db } from '../../lib/db/prisma-client.ts';
import { FusionRangeError } from '../../lib/fusion/fusion-range-error.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { storePaths } from '../../lib/store/store-paths.ts';
import { seedModelWithCalibration } from '../support/seed-analysis.ts';
import { spawnWorker, stopWorker, waitFor } from '../support/spawn-worker.ts';
import { useQueueContext } from '../support/queue-context.ts';

describe('fusion runs on a real worker process', () => {
  const context = useQueueContext('fusion-jobs');
  let url: string;
  let dataDir: string;
  let db: Db;
  let boss: PgBoss;
  beforeEach(() => ({ url, dataDir, db, boss } = context()));

  it('refuses bad ranges before queuing anything', async () => {
    const seeded = await seedModelWithCalibration(db, dataDir, { layers: 6, hidden: 32, attentionFreeLayers: [2, 3, 4], seed: 4 }, 2, 16);
    await expect(createFusionRun(db, boss, { modelId: seeded.modelId, ranges: [[1, 3]] })).rejects.toThrow(FusionRangeError);
    await expect(createFusionRun(db, boss, { modelId: seeded.modelId, ranges: [[2, 2]] })).rejects.toThrow(/single block/);
    expect(await db.fusionRun.count({ where: { modelId: seeded.modelId } })).toBe(0);
  });

  it('builds the fused model, keeps it in the store and stores its metrics', async () => {
    const seeded = await seedModelWithCalibration(db, dataDir, { layers: 7, hidden: 32, attentionFreeLayers: [2, 3, 4, 5], seed: 12 }, 4, 16);
    const created = await createFusionRun(db, boss, { modelId: seeded.modelId, ranges: [[2, 5]] });
    expect(created.warnings).toEqual([expect.stringContaining('consider [2, 4]')]);
    const worker = spawnWorker(url, dataDir, { FUSIONSCOPE_THREADS: '1' });
    try {
      const run = await waitFor('the fusion run to finish', async () => {
        const r = await db.fusionRun.findUnique({ where: { id: created.id } });
        return r && ['succeeded', 'failed'].includes(r.status) ? r : null;
      });
      expect(run.error).toBeNull();
      expect(run.status).toBe('succeeded');
      expect(run.outputFile).toBe(`${storePaths.fusedModelDir(created.id)}/fused.onnx`);
      expect(run.progressDone).toBe(run.progressTotal);
      const metrics = run.metrics as FusionMetrics;
      expect(metrics.kl).toBeGreaterThan(0);
      expect(metrics.crossEntropy?.unit).toBe('bits/byte');
      expect(metrics.depth).toEqual({ reference: 7 + 3, candidate: 7 + 3 - 3 });
      expect(metrics.latencyMs?.batches?.map((b) => b.batch)).toEqual([1, 16]);
      expect(metrics.fusion?.warnings).toHaveLength(1);
      const fused = loadOnnxModel(storePaths.absolute(dataDir, run.outputFile!));
      expect(findDecoderStructure(fused).blocks.length).toBe(4);
      const [job] = await db.job.findMany({ where: { name: 'fuse-ranges' } });
      expect(job!.state).toBe('succeeded');
    } finally {
      await stopWorker(worker);
    }
  });

  it('marks the run failed with the reason when fusion cannot be done', async () => {
    const seeded = await seedModelWithCalibration(db, dataDir, { layers: 5, hidden: 32, attentionFreeLayers: [1, 2, 3], seed: 13 }, 2, 16);
    const { id } = await createFusionRun(db, boss, { modelId: seeded.modelId, ranges: [[1, 2]] });
    fs.rmSync(storePaths.absolute(dataDir, (await db.model.findUnique({ where: { id: seeded.modelId } }))!.file));
    const worker = spawnWorker(url, dataDir, { FUSIONSCOPE_THREADS: '1' });
    try {
      const run = await waitFor('the fusion run to fail', async () => {
        const r = await db.fusionRun.findUnique({ where: { id } });
        return r && r.status === 'failed' ? r : null;
      });
      expect(run.error).toMatch(/ENOENT|no such file/);
      expect(run.outputFile).toBeNull();
    } finally {
      await stopWorker(worker);
    }
  });
});
