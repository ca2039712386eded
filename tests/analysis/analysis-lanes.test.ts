import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDependencyMatrix } from '../../lib/analysis/dependency-matrix.ts';
import { planAnalysisLanes } from '../../lib/analysis/lanes/plan-analysis-lanes.ts';
import { physicalCores } from '../../lib/analysis/lanes/physical-cores.ts';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import type { AnalysisProgress, DependencyMatrixResult } from '../../lib/analysis/types.ts';
import { modelFolder, syntheticTokens } from './model-fixtures.ts';

const GiB = 2 ** 30;
const plan = (threads: number, rows: number[], extra: { requested?: number; laneBytes?: number; availableBytes?: number } = {}) =>
  planAnalysisLanes({ threads, rows, blockCount: 24, laneBytes: extra.laneBytes ?? GiB, availableBytes: extra.availableBytes ?? 64 * GiB, requested: extra.requested });
const allRows = Array.from({ length: 24 }, (_, i) => i);

describe('planAnalysisLanes', () => {
  it('takes one lane below 8 threads, then one per 8 threads and at least two, and splits the threads', () => {
    expect([1, 2, 7, 8, 12, 16, 32].map((t) => [plan(t, allRows).lanes.length, plan(t, allRows).threadsPerLane]))
      .toEqual([[1, 1], [1, 2], [1, 7], [2, 4], [2, 6], [2, 8], [4, 8]]);
  });

  it('never takes more lanes than rows or threads, nor automatic lanes beyond half the free memory', () => {
    expect(plan(32, [5]).lanes).toEqual([[5]]);
    expect(plan(3, allRows, { requested: 8 }).lanes.length).toBe(3);
    expect(plan(32, allRows, { laneBytes: 10 * GiB, availableBytes: 32 * GiB }).lanes.length).toBe(1);
    expect(plan(32, allRows, { laneBytes: 4 * GiB, availableBytes: 32 * GiB }).lanes.length).toBe(4);
    // asked for, the lanes are taken whatever the memory
    expect(plan(32, allRows, { requested: 3, laneBytes: 10 * GiB, availableBytes: 32 * GiB }).lanes.length).toBe(3);
  });

  it('gives each row to one lane, most expensive first to the lane with the least work', () => {
    // L = 6: row i costs 6 - i (its variant's blocks and the epilogue), each lane starts with its intact pass (6)
    expect(planAnalysisLanes({ threads: 2, rows: [0, 1, 2, 3, 4, 5], blockCount: 6, requested: 2, laneBytes: 1, availableBytes: GiB }).lanes)
      .toEqual([[0, 3, 4], [1, 2, 5]]);
    const lanes = plan(16, allRows).lanes;
    expect(lanes.flat().sort((a, b) => a - b)).toEqual(allRows);
    const work = lanes.map((rows) => rows.reduce((n, i) => n + 24 - i, 0));
    expect(Math.abs(work[0] - work[1])).toBeLessThanOrEqual(24);
  });
});

describe('physicalCores', () => {
  it('counts the distinct cores of /proc/cpuinfo, at most the logical CPUs', () => {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const pairs = new Set(info.split(/\n\s*\n/).map((b) => `${/^physical id\s*:\s*(\d+)/m.exec(b)?.[1]}:${/^core id\s*:\s*(\d+)/m.exec(b)?.[1]}`)
      .filter((p) => !p.includes('undefined')));
    expect(physicalCores()).toBe(pairs.size > 0 ? Math.min(pairs.size, availableParallelism()) : availableParallelism());
  });
});

const folder = modelFolder();
let modelPath = '';
let single: DependencyMatrixResult;
const tokens = syntheticTokens(2 * 10, 256, 5);
const seqLen = 10;

beforeAll(async () => {
  modelPath = folder.write('lanes', { layers: 6, hidden: 32, heads: 4, kvHeads: 2, attentionFreeLayers: [2, 3], seed: 33, weightScale: 0.2 });
  single = await computeDependencyMatrix({ modelPath, tokens, seqLen, intraOpThreads: 1, lanes: 1 });
});
afterAll(() => folder.cleanup());

describe('computeDependencyMatrix in lanes', () => {
  it('gives the single engine\'s matrix and metrics, rows in ascending order, progress added up', async () => {
    const order: number[] = [];
    const progress: AnalysisProgress[] = [];
    const laned = await computeDependencyMatrix({
      modelPath, tokens, seqLen, intraOpThreads: 2, lanes: 2,
      onRow: async (row) => { await new Promise((r) => setTimeout(r, 3)); order.push(row.index); },
      onProgress: (p) => progress.push(p),
    });
    expect(laned.lanes).toEqual({ count: 2, threadsPerLane: 1 });
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // the same float32 computation with the same thread count in each lane: equal to the last bit
    expect(laned.matrix).toEqual(single.matrix);
    expect(laned.blockMetrics).toEqual(single.blockMetrics);
    // each lane runs its own intact pass: 2 x 6 blocks, plus 5 + 4 + 3 + 2 + 1 + 0 for the variants
    expect(laned.blockEvaluations).toEqual({ performed: 27, naive: 42 });
    expect(progress.at(-1)).toMatchObject({ rowsDone: 6, rowsTotal: 6, blockEvaluationsDone: 27, blockEvaluationsTotal: 27 });
    expect(progress.every((p, k) => k === 0 || p.rowsDone >= progress[k - 1].rowsDone)).toBe(true);
  });

  it('computes a subset of rows', async () => {
    const laned = await computeDependencyMatrix({ modelPath, tokens, seqLen, intraOpThreads: 2, lanes: 2, rows: [4, 1, 3] });
    expect(laned.rows).toEqual([1, 3, 4]);
    for (const i of [1, 3, 4]) expect(laned.matrix[i]).toEqual(single.matrix[i]);
    expect(laned.matrix[0].every((v) => v === null)).toBe(true);
    expect(laned.blockMetrics.dropOneKl[0]).toBeNull();
  });

  it('stops every lane when the signal aborts, and the threads serve the next analysis', async () => {
    const controller = new AbortController();
    const run = computeDependencyMatrix({
      modelPath, tokens, seqLen, intraOpThreads: 2, lanes: 2, signal: controller.signal, onRow: () => controller.abort(new Error('stop the lanes')),
    });
    await expect(run).rejects.toThrow(/stop the lanes/);
    const again = await computeDependencyMatrix({ modelPath, tokens, seqLen, intraOpThreads: 2, lanes: 2 });
    expect(again.matrix).toEqual(single.matrix);
  });

  it('rejects with the failure of onRow, and with a lane\'s own error', async () => {
    await expect(computeDependencyMatrix({ modelPath, tokens, seqLen, intraOpThreads: 2, lanes: 2, onRow: () => { throw new Error('database down'); } }))
      .rejects.toThrow(/database down/);
    await expect(computeDependencyMatrix({ modelPath, tokens: BigInt64Array.of(1n, 999n), seqLen: 2, intraOpThreads: 2, lanes: 2 }))
      .rejects.toThrow(/vocabulary/);
  });

  it('refuses a lane count that is not a positive integer', async () => {
    await expect(computeDependencyMatrix({ modelPath, tokens, seqLen, lanes: 0 })).rejects.toThrow(/lanes must be a positive integer, got 0/);
  });
});
