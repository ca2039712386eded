import type { AnalysisTiming } from './types.ts';

export type TimingKey = Exclude<keyof AnalysisTiming, 'totalMs' | 'sessionRuns'>;

export function emptyTiming(): AnalysisTiming {
  return { totalMs: 0, setupMs: 0, prologueMs: 0, loadMs: 0, intactMs: 0, variantsMs: 0, epilogueMs: 0, sessionRuns: 0 };
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
  return Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, k === 'sessionRuns' ? v : r(v)])) as unknown as AnalysisTiming;
}
