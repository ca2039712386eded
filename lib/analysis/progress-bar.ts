import type { AnalysisProgress } from './types.ts';

/** One-line text progress bar: rows done / total, block evaluations, elapsed and ETA. */
export function formatProgressBar(p: AnalysisProgress, width = 30): string {
  const fraction = p.blockEvaluationsTotal > 0 ? p.blockEvaluationsDone / p.blockEvaluationsTotal : 1;
  const filled = Math.round(fraction * width);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const eta = p.etaMs === null ? '--' : formatDuration(p.etaMs);
  return `[${bar}] rows ${p.rowsDone}/${p.rowsTotal}  blocks ${p.blockEvaluationsDone}/${p.blockEvaluationsTotal}  ${formatDuration(p.elapsedMs)} elapsed, ETA ${eta}`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
