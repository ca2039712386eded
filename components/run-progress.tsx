'use client';

import { useEffect, useState } from 'react';
import { estimateSecondsLeft, formatDuration } from './estimate-time-left.ts';

/** Progress bar with done/total and, while running, the estimated time left. */
export function RunProgress({ status, done, total, startedAt, unit = 'rows' }: { status: string; done: number; total: number; startedAt: string | null; unit?: string }) {
  const [now, setNow] = useState(() => Date.now());
  const active = status === 'running' || status === 'queued';
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  const left = status === 'running' ? estimateSecondsLeft(done, total, startedAt ? Date.parse(startedAt) : null, now) : null;
  return (
    <div className="row" data-testid="run-progress">
      <progress value={done} max={Math.max(1, total)} aria-label="progress" />
      <span>{done}/{total} {unit}</span>
      {status === 'queued' ? <span className="muted">waiting for a worker…</span> : null}
      {left !== null ? <span className="muted">about {formatDuration(left)} left</span> : null}
      {status === 'running' && left === null ? <span className="muted">estimating time left…</span> : null}
    </div>
  );
}
