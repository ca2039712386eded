import type { DependencyMatrixOptions } from '../dependency-matrix.ts';
import type { AnalysisProgress, AnalysisTiming, DependencyMatrixResult, DependencyRow, SessionCacheUse } from '../types.ts';
import { roundTiming } from '../timing.ts';
import type { LanePlan } from './plan-analysis-lanes.ts';
import { runLaneTask } from './lane-thread-pool.ts';

/**
 * The matrix computed by several engines at once, each in a lane thread with its share of the rows
 * and of the threads (plan-analysis-lanes.ts). Rows reach `onRow` in ascending order, each as soon
 * as the rows before it are done; progress adds up the lanes'. A lane that fails stops the others
 * (between session runs), and the first failure is what the call rejects with.
 */
export async function computeDependencyMatrixInLanes(options: DependencyMatrixOptions, plan: LanePlan): Promise<DependencyMatrixResult> {
  const startedAt = performance.now();
  const { onRow, onProgress, signal, ...engine } = options;
  const stop = new AbortController();
  const stopWith = (reason: unknown) => { if (!stop.signal.aborted) stop.abort(reason); };
  const onUserAbort = () => stopWith(signal?.reason);
  signal?.addEventListener('abort', onUserAbort, { once: true });
  if (signal?.aborted) onUserAbort();
  const rows = createRowRelay(plan.lanes.flat().sort((a, b) => a - b), onRow, stopWith);
  const progress = createProgressSum(plan.lanes.length, startedAt, onProgress);
  try {
    const settled = await Promise.allSettled(plan.lanes.map((laneRows, lane) => runLaneTask(
      { ...engine, rows: laneRows, intraOpThreads: plan.threadsPerLane },
      stop.signal,
      { onRow: rows.add, onProgress: (p) => progress.update(lane, p) },
    ).catch((error: unknown) => { stopWith(error); throw error; })));
    await rows.drained();
    if (stop.signal.aborted) throw stop.signal.reason;
    const results = settled.map((s) => (s as PromiseFulfilledResult<DependencyMatrixResult>).value);
    return mergeLaneResults(results, plan, performance.now() - startedAt);
  } finally {
    signal?.removeEventListener('abort', onUserAbort);
  }
}

/** Hands rows on in ascending order, one `onRow` at a time; a failing `onRow` stops the lanes. */
function createRowRelay(order: number[], onRow: DependencyMatrixOptions['onRow'], fail: (error: unknown) => void) {
  const waiting = new Map<number, DependencyRow>();
  let next = 0;
  let failed = false;
  let chain: Promise<void> = Promise.resolve();
  return {
    add(row: DependencyRow): void {
      waiting.set(row.index, row);
      while (next < order.length && waiting.has(order[next])) {
        const ready = waiting.get(order[next]) as DependencyRow;
        waiting.delete(order[next++]);
        chain = chain.then(() => (failed ? undefined : onRow?.(ready))).catch((error: unknown) => {
          failed = true;
          fail(error);
        });
      }
    },
    drained: () => chain,
  };
}

/** The lanes' progress added up; the time left is the slowest lane's. */
function createProgressSum(lanes: number, startedAt: number, onProgress: DependencyMatrixOptions['onProgress']) {
  const latest: Array<AnalysisProgress | null> = new Array(lanes).fill(null);
  return {
    update(lane: number, progress: AnalysisProgress): void {
      latest[lane] = progress;
      if (!onProgress || latest.includes(null)) return;
      const all = latest as AnalysisProgress[];
      const sum = (key: 'rowsDone' | 'rowsTotal' | 'blockEvaluationsDone' | 'blockEvaluationsTotal') => all.reduce((n, p) => n + p[key], 0);
      const etas = all.map((p) => p.etaMs);
      onProgress({
        rowsDone: sum('rowsDone'), rowsTotal: sum('rowsTotal'),
        blockEvaluationsDone: sum('blockEvaluationsDone'), blockEvaluationsTotal: sum('blockEvaluationsTotal'),
        elapsedMs: performance.now() - startedAt, etaMs: etas.includes(null) ? null : Math.max(...(etas as number[])),
      });
    },
  };
}

/**
 * One result from the lanes': each lane's rows, the block metrics of the first lane (every lane
 * computes the same intact pass with the same settings), evaluations added up (each lane's intact
 * pass counts), and per phase the slowest lane's time.
 */
function mergeLaneResults(results: DependencyMatrixResult[], plan: LanePlan, totalMs: number): DependencyMatrixResult {
  const [first] = results;
  const matrix = first.matrix.map((row) => row.map(() => null as number | null));
  const dropOneKl = first.blockMetrics.dropOneKl.map(() => null as number | null);
  for (const result of results) {
    for (const i of result.rows) {
      matrix[i] = result.matrix[i];
      dropOneKl[i] = result.blockMetrics.dropOneKl[i];
    }
  }
  const slowest = (key: keyof AnalysisTiming) => Math.max(...results.map((r) => r.timing[key]));
  const timing: AnalysisTiming = {
    totalMs, setupMs: slowest('setupMs'), prologueMs: slowest('prologueMs'), intactMs: slowest('intactMs'),
    variantsMs: slowest('variantsMs'), metricsMs: slowest('metricsMs'), sessionRuns: results.reduce((n, r) => n + r.timing.sessionRuns, 0),
  };
  return {
    ...first, matrix, rows: results.flatMap((r) => r.rows).sort((a, b) => a - b), blockMetrics: { ...first.blockMetrics, dropOneKl }, timing: roundTiming(timing),
    blockEvaluations: { performed: results.reduce((n, r) => n + r.blockEvaluations.performed, 0), naive: first.blockEvaluations.naive },
    sessionCache: combinedCacheUse(results.map((r) => r.sessionCache)),
    lanes: { count: plan.lanes.length, threadsPerLane: plan.threadsPerLane },
  };
}

function combinedCacheUse(uses: SessionCacheUse[]): SessionCacheUse {
  if (uses.includes('miss')) return 'miss';
  return uses.every((u) => u === 'hit') ? 'hit' : 'off';
}
