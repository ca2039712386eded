import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDependencyMatrix } from '../../lib/analysis/dependency-matrix.ts';
import { computeBlockMetrics } from '../../lib/analysis/block-metrics.ts';
import { runBlockMetricsInThread, runDependencyAnalysisInThread } from '../../lib/analysis/thread/run-in-thread.ts';
import type { AnalysisProgress, DependencyMatrixResult, DependencyRow } from '../../lib/analysis/types.ts';
import { modelFolder, syntheticTokens } from './model-fixtures.ts';

const folder = modelFolder();
let modelPath = '';
let full: DependencyMatrixResult;
const tokens = syntheticTokens(2 * 10, 256, 3);
const seqLen = 10;

beforeAll(async () => {
  modelPath = folder.write('engine', { layers: 6, hidden: 32, heads: 4, kvHeads: 2, attentionFreeLayers: [2, 3, 4], seed: 21, weightScale: 0.2 });
  full = await computeDependencyMatrix({ modelPath, tokens, seqLen, intraOpThreads: 1 });
});
afterAll(() => folder.cleanup());

describe('computeDependencyMatrix', () => {
  it('returns null on and below the diagonal, numbers above it, and L(L+1)/2 evaluations', () => {
    expect(full.blocks.map((b) => b.attention)).toEqual([true, true, false, false, false, true]);
    full.matrix.forEach((row, i) => row.forEach((v, j) => (j <= i ? expect(v).toBeNull() : expect(v).toBeTypeOf('number'))));
    expect(full.blockEvaluations).toEqual({ performed: 21, naive: 42 });
    expect(full.blockMetrics.dropOneKl.every((v) => typeof v === 'number' && v >= 0)).toBe(true);
  });

  it('gives the same rows for a subset, with fewer evaluations, and reports rows in order', async () => {
    const seen: DependencyRow[] = [];
    const subset = await computeDependencyMatrix({ modelPath, tokens, seqLen, rows: [4, 1, 3], intraOpThreads: 1, onRow: (r) => { seen.push(r); } });
    expect(seen.map((r) => r.index)).toEqual([1, 3, 4]);
    expect(subset.blockEvaluations.performed).toBe(6 + 4 + 2 + 1);
    for (const row of seen) {
      row.values.forEach((v, j) => expect(Math.abs((v ?? 0) - (full.matrix[row.index][j] ?? 0))).toBeLessThan(1e-6));
      expect(Math.abs(row.dropOneKl - (full.blockMetrics.dropOneKl[row.index] as number))).toBeLessThan(1e-6);
    }
    expect(subset.matrix[0].every((v) => v === null)).toBe(true);
    expect(subset.blockMetrics.dropOneKl[0]).toBeNull();
  });

  it('block metrics alone match the full run', async () => {
    const alone = await computeBlockMetrics({ modelPath, tokens, seqLen, intraOpThreads: 1 });
    expect(alone.blockMetrics.blockInfluence).toEqual(full.blockMetrics.blockInfluence);
    expect(alone.blockMetrics.contributionNormRatio).toEqual(full.blockMetrics.contributionNormRatio);
    expect(alone.blockMetrics.inputOutputCosineDistance).toEqual(full.blockMetrics.blockInfluence);
  });

  it('refuses tokens that do not fit the model', async () => {
    await expect(computeDependencyMatrix({ modelPath, tokens: tokens.slice(0, 15), seqLen })).rejects.toThrow(/whole sequences/);
    await expect(computeDependencyMatrix({ modelPath, tokens: BigInt64Array.of(1n, 999n), seqLen: 2 })).rejects.toThrow(/vocabulary/);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const run = computeDependencyMatrix({ modelPath, tokens, seqLen, signal: controller.signal, onRow: () => controller.abort(new Error('stop here')) });
    await expect(run).rejects.toThrow(/stop here/);
  });
});

describe('in a worker thread', () => {
  it('streams rows and progress and returns the same matrix', async () => {
    const rows: number[] = [];
    const progress: AnalysisProgress[] = [];
    const threaded = await runDependencyAnalysisInThread({
      modelPath, tokens, seqLen, intraOpThreads: 1,
      onRow: async (row) => { await new Promise((r) => setTimeout(r, 5)); rows.push(row.index); },
      onProgress: (p) => progress.push(p),
    });
    expect(rows).toEqual([0, 1, 2, 3, 4, 5]);
    expect(threaded.matrix).toEqual(full.matrix);
    expect(progress.at(-1)).toMatchObject({ rowsDone: 6, rowsTotal: 6, blockEvaluationsDone: 21 });
    const metrics = await runBlockMetricsInThread({ modelPath, tokens, seqLen, intraOpThreads: 1 });
    expect(metrics.blockMetrics.blockInfluence).toEqual(full.blockMetrics.blockInfluence);
  });

  it('cancels by stopping the worker between session runs', async () => {
    const controller = new AbortController();
    const run = runDependencyAnalysisInThread({ modelPath, tokens, seqLen, signal: controller.signal, onRow: () => controller.abort(new Error('cancelled')) });
    await expect(run).rejects.toThrow(/cancelled/);
  });

  it('rejects when onRow fails, and with the worker error message', async () => {
    await expect(runDependencyAnalysisInThread({ modelPath, tokens, seqLen, onRow: () => { throw new Error('db down'); } })).rejects.toThrow(/db down/);
    await expect(runDependencyAnalysisInThread({ modelPath: '/nonexistent.onnx', tokens, seqLen })).rejects.toThrow(/nonexistent/);
  });
});
