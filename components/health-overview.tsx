'use client';

import { useQuery } from '@tanstack/react-query';
import type { Health } from '@/lib/server/read-health.ts';
import { fetchJson } from './fetch-json.ts';
import { QueryState } from './query-state.tsx';

export function HealthOverview() {
  const health = useQuery({ queryKey: ['health'], queryFn: () => fetchJson<Health>('/api/health'), refetchInterval: 3_000 });
  const h = health.data;
  return (
    <QueryState isLoading={health.isLoading} error={health.error}>
      {h ? (
        <div className="grid" data-testid="health">
          <div className="panel"><div className="muted">Database</div><div className="stat">{h.database.ok ? 'ok' : 'down'}</div></div>
          <div className="panel"><div className="muted">Queue</div><div className="stat">{h.queue.queued} queued · {h.queue.running} running</div></div>
          <div className="panel">
            <div className="muted">Workers</div>
            <div className="stat">{h.workers.length} live</div>
            {h.workers.map((w) => (
              <div key={w.id} className="muted">{w.id}{w.currentJob ? ` — ${w.currentJob.name} ${w.currentJob.progressDone}/${w.currentJob.progressTotal}` : ' — idle'}</div>
            ))}
          </div>
        </div>
      ) : null}
    </QueryState>
  );
}
