import type PgBoss from 'pg-boss';
import { beforeEach, describe, expect, it } from 'vitest';
import { computeDependencyMatrix, planDependencyMatrix } from '../../lib/analysis/dependency-matrix.ts';
import { smallestBudget } from '../support/smallest-budget.ts';
import { createAnalysis } from '../../lib/api/analyses/create-analysis.ts';
import type { Db } from '../../lib/db/prisma-client.ts';
import { seedModelWithCalibration } from '../support/seed-analysis.ts';
import { spawnWorker, stopWorker, waitFor } from '../support/spawn-worker.ts';
import { useQueueContext } from '../support/queue-context.ts';

const FAST_HEARTBEAT = { FUSIONSCOPE_HEARTBEAT_MS: '300', FUSIONSCOPE_WORKER_STALE_MS: '2500', FUSIONSCOPE_THREADS: '1' };

async function storedMatrix(db: Db, analysisId: string, blocks: number): Promise<Array<Array<number | null>>> {
  const rows = await db.dependencyRow.findMany({ where: { analysisId }, orderBy: { droppedBlock: 'asc' } });
  expect(rows.map((r) => r.droppedBlock)).toEqual(Array.from({ length: blocks }, (_, i) => i));
  return rows.map((r) => r.values.map((v) => (Number.isNaN(v) ? null : v)));
}

function expectMatricesClose(actual: Array<Array<number | null>>, expected: Array<Array<number | null>>, tolerance: number) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => {
    const e = expected[i]![j];
    if (e === null || e === undefined) expect(v).toBeNull();
    else expect(Math.abs((v as number) - e)).toBeLessThanOrEqual(tolerance);
  }));
}

describe('analysis jobs on real worker processes', () => {
  const context = useQueueContext('jobs');
  let url: string;
  let dataDir: string;
  let db: Db;
  let boss: PgBoss;
  beforeEach(() => ({ url, dataDir, db, boss } = context()));

  it('runs the row-range jobs of an analysis and stores the matrix, metrics and job states', async () => {
    const L = 6;
    const seeded = await seedModelWithCalibration(db, dataDir, { layers: L, hidden: 32, heads: 4, attentionFreeLayers: [2, 3], seed: 3 }, 2, 16);
    const analysisId = await createAnalysis(db, boss, { modelId: seeded.modelId, calibrationSetId: seeded.calibrationSetId, jobs: 2 });
    const worker = spawnWorker(url, dataDir, FAST_HEARTBEAT);
    try {
      const done = await waitFor('the analysis to finish', async () => {
        const a = await db.analysis.findUnique({ where: { id: analysisId } });
        return a && ['succeeded', 'failed'].includes(a.status) ? a : null;
      });
      expect(done.error).toBeNull();
      expect(done.status).toBe('succeeded');
      expect(done.progressDone).toBe(L);
      const jobs = await db.job.findMany({ where: { name: 'analyze-rows' } });
      expect(jobs).toHaveLength(2);
      for (const job of jobs) {
        expect(job.state).toBe('succeeded');
        expect(job.attempts).toBe(1);
        expect(job.progressDone).toBe(job.progressTotal);
        expect(job.result).toMatchObject({ reused: 0 });
      }
      expect(await db.blockMetric.count({ where: { analysisId } })).toBe(L);
      const direct = await computeDependencyMatrix({ modelPath: seeded.modelFile, tokens: seeded.tokens, seqLen: 16, intraOpThreads: 1 });
      expectMatricesClose(await storedMatrix(db, analysisId, L), direct.matrix, 1e-6);
    } finally {
      await stopWorker(worker);
    }
  });

  it('hands the job of a worker killed mid-job to another worker, which computes only the missing rows', async () => {
    const L = 24;
    // a large vocabulary and the smallest memory budget: the epilogue takes one variant per run, so
    // the rows are stored one by one over a few seconds at the end of the streamed pass
    const seeded = await seedModelWithCalibration(db, dataDir,
      { layers: L, hidden: 128, heads: 4, vocab: 16384, attentionFreeLayers: [10, 11, 12, 13], seed: 11 }, 8, 32);
    const budget = smallestBudget({ modelPath: seeded.modelFile, tokens: seeded.tokens, seqLen: 32 });
    expect(planDependencyMatrix({ modelPath: seeded.modelFile, tokens: seeded.tokens, seqLen: 32, memoryBudgetBytes: budget }).epilogueVariantsPerRun).toBe(1);
    const analysisId = await createAnalysis(db, boss, { modelId: seeded.modelId, calibrationSetId: seeded.calibrationSetId, jobs: 1 });
    const env = { ...FAST_HEARTBEAT, FUSIONSCOPE_THREADS: '2', FUSIONSCOPE_MEMORY_BUDGET: String(budget) };
    const first = spawnWorker(url, dataDir, env);
    await waitFor('some rows to be stored', async () => (await db.dependencyRow.count({ where: { analysisId } })) >= 2);
    await stopWorker(first, 'SIGKILL');
    const storedBeforeKill = await db.dependencyRow.findMany({ where: { analysisId } });
    expect(storedBeforeKill.length).toBeLessThan(L);
    const second = spawnWorker(url, dataDir, env);
    try {
      const done = await waitFor('the analysis to finish on the second worker', async () => {
        const a = await db.analysis.findUnique({ where: { id: analysisId } });
        return a && ['succeeded', 'failed'].includes(a.status) ? a : null;
      });
      expect(done.status).toBe('succeeded');
      // the analysis is complete once its last row is stored; the job's own state follows when its handler returns
      const job = await waitFor('the job to be recorded as finished', async () => {
        const [j] = await db.job.findMany({ where: { payload: { path: ['analysisId'], equals: analysisId } } });
        return j && j.state !== 'running' ? j : null;
      });
      expect(job.state).toBe('succeeded');
      expect(job.attempts).toBe(2);
      expect((job.result as { reused: number }).reused).toBe(storedBeforeKill.length);
      const after = await db.dependencyRow.findMany({ where: { analysisId } });
      for (const before of storedBeforeKill) {
        expect(after.find((r) => r.droppedBlock === before.droppedBlock)!.computedAt).toEqual(before.computedAt);
      }
      const direct = await computeDependencyMatrix({ modelPath: seeded.modelFile, tokens: seeded.tokens, seqLen: 32, intraOpThreads: 1 });
      expectMatricesClose(await storedMatrix(db, analysisId, L), direct.matrix, 1e-6);
    } finally {
      await stopWorker(second);
    }
  });
});
