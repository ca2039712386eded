import type { AnalysisProgress } from './types.ts';

/** Counts rows and block evaluations done; the ETA extrapolates from variant evaluations. */
export function createProgressTracker(rowsTotal: number, evaluationsTotal: number, startedAt: number) {
  let rowsDone = 0;
  let evaluationsDone = 0;
  let variantStart: { at: number; done: number } | null = null;
  return {
    addEvaluations(count: number): void {
      if (!variantStart) variantStart = { at: performance.now(), done: evaluationsDone };
      evaluationsDone += count;
    },
    /** Evaluations done outside the variant runs (the intact pass). */
    addIntactEvaluations(count: number): void {
      evaluationsDone += count;
    },
    addRows(count: number): void {
      rowsDone += count;
    },
    snapshot(): AnalysisProgress {
      const now = performance.now();
      return {
        rowsDone, rowsTotal, blockEvaluationsDone: evaluationsDone, blockEvaluationsTotal: evaluationsTotal,
        elapsedMs: now - startedAt, etaMs: estimateEta(now, variantStart, evaluationsDone, evaluationsTotal),
      };
    },
  };
}

function estimateEta(now: number, start: { at: number; done: number } | null, done: number, total: number): number | null {
  if (!start || done <= start.done) return done >= total ? 0 : null;
  const rate = (done - start.done) / (now - start.at);
  return Math.max(0, (total - done) / rate);
}
