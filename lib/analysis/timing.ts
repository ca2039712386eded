import type { AnalysisTiming } from './types.ts';

export type TimingKey = Exclude<keyof AnalysisTiming, 'totalMs' | 'sessionRuns'>;

export function emptyTiming(): AnalysisTiming {
  return { totalMs: 0, setupMs: 0, prologueMs: 0, intactMs: 0, variantsMs: 0, metricsMs: 0, sessionRuns: 0 };
}

/** Runs `work`, adding its wall time to `timing[key]`. */
export async function timed<T>(timing: AnalysisTiming, key: TimingKey, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timing[key] += performance.now() - start;
  }
}

export function roundTiming(timing: AnalysisTiming): AnalysisTiming {
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    totalMs: r(timing.totalMs), setupMs: r(timing.setupMs), prologueMs: r(timing.prologueMs),
    intactMs: r(timing.intactMs), variantsMs: r(timing.variantsMs), metricsMs: r(timing.metricsMs), sessionRuns: timing.sessionRuns,
  };
}
