/** Linear estimate from the pace so far; null until there is a pace to go by. */
export function estimateSecondsLeft(done: number, total: number, startedAtMs: number | null, nowMs: number): number | null {
  if (startedAtMs === null || done <= 0 || total <= done) return null;
  const elapsed = (nowMs - startedAtMs) / 1000;
  return (elapsed / done) * (total - done);
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
