import fs from 'node:fs';
import type PgBoss from 'pg-boss';
import { beforeEach, describe, expect, it } from 'vitest';
import { cancelAnalysis } from '../../lib/api/analyses/cancel-analysis.ts';
import { createAnalysis } from '../../lib/api/analyses/create-analysis.ts';
import type { Db } from '../../lib/db/prisma-client.ts';
import { submitJob } from '../../lib/jobs/submit-job.ts';
import { analyzeRowsJob } from '../../lib/jobs/definitions/analyze-rows.ts';
import { storePaths } from '../../lib/store/store-paths.ts';
import { smallestBudget } from '../support/smallest-budget.ts';
import { seedModelWithCalibration } from '../support/seed-analysis.ts';
import { spawnWorker, stopWorker, waitFor } from '../support/spawn-worker.ts';
import { closeQueueContext, openQueueContext, useQueueContext } from '../support/queue-context.ts';

const ENV = { FUSIONSCOPE_HEARTBEAT_MS: '300', FUSIONSCOPE_WORKER_STALE_MS: '2500', FUSIONSCOPE_THREADS: '1' };

describe('job life cycle', () => {
  const context = useQueueContext('lifecycle');
  let url: string;
  let dataDir: string;
  let db: Db;
  let boss: PgBoss;
  beforeEach(() => ({ url, dataDir, db, boss } = context()));

  it('refuses an invalid payload before anything is queued', async () => {
    await expect(submitJob(db, boss, analyzeRowsJob, { analysisId: 'not-a-uuid', firstRow: 3, lastRow: 1, withBlockMetrics: false }))
      .rejects.toThrow(/invalid analyze-rows payload: analysisId: .*lastRow must not be below firstRow/s);
    expect(await db.job.count()).toBe(0);
  });

  it('retries a failing job and records the error once no retry is left', async () => {
    const seeded = await seedModelWithCalibration(db, dataDir, { layers: 3, hidden: 16, heads: 2, seed: 5 }, 1, 8);
    const model = await db.model.findUniqueOrThrow({ where: { id: seeded.modelId } });
    fs.rmSync(storePaths.absolute(dataDir, model.file));
    const analysisId = await createAnalysis(db, boss, { modelId: seeded.modelId, calibrationSetId: seeded.calibrationSetId, jobs: 1 });
    const worker = spawnWorker(url, dataDir, ENV);
    try {
      const failed = await waitFor('the analysis to fail', async () => {
        const a = await db.analysis.findUnique({ where: { id: analysisId } });
        return a?.status === 'failed' ? a : null;
      });
      expect(failed.error).toMatch(/rows 0–2: .*(ENOENT|no such file)/);
      const [job] = await db.job.findMany({ where: { payload: { path: ['analysisId'], equals: analysisId } } });
      expect(job!.state).toBe('failed');
      expect(job!.attempts).toBe(analyzeRowsJob.retryLimit + 1);
      expect(job!.error).toMatch(/ENOENT|no such file/);
    } finally {
      await stopWorker(worker);
    }
  });

  it('cancels a running analysis: the worker stops computing and takes the next job', async () => {
    // a large vocabulary and the smallest memory budget: the epilogue takes one variant per run, so
    // the rows are stored one by one over seconds and the cancel lands between them
    const seeded = await seedModelWithCalibration(db, dataDir, { layers: 32, hidden: 128, heads: 4, vocab: 16384, seed: 9 }, 8, 32);
    const budget = smallestBudget({ modelPath: seeded.modelFile, tokens: seeded.tokens, seqLen: 32 });
    const analysisId = await createAnalysis(db, boss, { modelId: seeded.modelId, calibrationSetId: seeded.calibrationSetId, jobs: 1 });
    const worker = spawnWorker(url, dataDir, { ...ENV, FUSIONSCOPE_MEMORY_BUDGET: String(budget) });
    try {
      await waitFor('the job to run', async () => (await db.dependencyRow.count({ where: { analysisId } })) >= 1);
      expect(await cancelAnalysis(db, boss, analysisId)).toBe(true);
      const [job] = await db.job.findMany({ where: { payload: { path: ['analysisId'], equals: analysisId } } });
      expect(job!.state).toBe('cancelled');
      await waitFor('the worker to drop the job', async () => {
        const w = await db.worker.findFirst({ where: { stoppedAt: null } });
        return w && w.currentJobId === null;
      }, 20_000);
      const rowsAfterCancel = await db.dependencyRow.count({ where: { analysisId } });
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await db.dependencyRow.count({ where: { analysisId } })).toBe(rowsAfterCancel);
      expect(rowsAfterCancel).toBeLessThan(32);
      expect((await db.analysis.findUniqueOrThrow({ where: { id: analysisId } })).status).toBe('cancelled');
      const small = await seedModelWithCalibration(db, dataDir, { layers: 3, hidden: 16, heads: 2, seed: 6 }, 1, 8);
      const next = await createAnalysis(db, boss, { modelId: small.modelId, calibrationSetId: small.calibrationSetId, jobs: 1 });
      await waitFor('the next analysis', async () => (await db.analysis.findUnique({ where: { id: next } }))?.status === 'succeeded');
    } finally {
      await stopWorker(worker);
    }
  });
});

describe('worker shutdown mid-job', () => {
  it('puts the job back in the queue for the next worker, keeping the rows already stored', async () => {
    const context = await openQueueContext('shutdown');
    const { url, dataDir, db, boss } = context;
    try {
      // rows stored one by one from the epilogue (large vocabulary, smallest budget), so the stop lands between them
      const seeded = await seedModelWithCalibration(db, dataDir, { layers: 24, hidden: 128, heads: 4, vocab: 16384, seed: 4 }, 8, 32);
      const budget = smallestBudget({ modelPath: seeded.modelFile, tokens: seeded.tokens, seqLen: 32 });
      const analysisId = await createAnalysis(db, boss, { modelId: seeded.modelId, calibrationSetId: seeded.calibrationSetId, jobs: 1 });
      const first = spawnWorker(url, dataDir, { ...ENV, FUSIONSCOPE_MEMORY_BUDGET: String(budget) });
      await waitFor('some rows', async () => (await db.dependencyRow.count({ where: { analysisId } })) >= 2);
      await stopWorker(first, 'SIGTERM');
      const [queued] = await db.job.findMany({ where: { payload: { path: ['analysisId'], equals: analysisId } } });
      expect(queued!.state).toBe('queued');
      expect(queued!.error).toMatch(/shut down mid-job; queued again/);
      const second = spawnWorker(url, dataDir, ENV);
      try {
        await waitFor('the analysis', async () => (await db.analysis.findUnique({ where: { id: analysisId } }))?.status === 'succeeded');
        expect(await db.dependencyRow.count({ where: { analysisId } })).toBe(24);
      } finally {
        await stopWorker(second);
      }
    } finally {
      await closeQueueContext(context);
    }
  });
});
