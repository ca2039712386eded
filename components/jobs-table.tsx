'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JobView } from '@/lib/server/list-jobs.ts';
import { fetchJson } from './fetch-json.ts';
import { QueryState } from './query-state.tsx';
import { StatusBadge } from './status-badge.tsx';

function isActive(job: JobView): boolean {
  return job.state === 'queued' || job.state === 'running';
}

export function JobsTable() {
  const client = useQueryClient();
  const jobs = useQuery({
    queryKey: ['jobs'],
    queryFn: () => fetchJson<{ jobs: JobView[] }>('/api/jobs'),
    refetchInterval: (q) => (q.state.data?.jobs.some(isActive) ? 1_000 : 5_000),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => fetchJson(`/api/jobs/${id}/cancel`, { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: ['jobs'] }),
  });
  const list = jobs.data?.jobs ?? [];
  return (
    <QueryState isLoading={jobs.isLoading} error={jobs.error}>
      {list.length === 0 ? (
        <div className="empty" data-testid="jobs-empty">No jobs yet. Analyses and fusion runs appear here once launched.</div>
      ) : (
        <table className="list" data-testid="jobs-table">
          <thead>
            <tr><th>Job</th><th>State</th><th>Progress</th><th>Attempts</th><th>Worker</th><th>Created</th><th>Finished</th><th /></tr>
          </thead>
          <tbody>
            {list.map((job) => (
              <tr key={job.id}>
                <td><code>{job.name}</code> <span className="muted">{job.id.slice(0, 8)}</span>{job.error ? <div className="error">{job.error}</div> : null}</td>
                <td><StatusBadge status={job.state} /></td>
                <td>
                  {job.progressTotal > 0 ? (
                    <><progress value={job.progressDone} max={job.progressTotal} /> {job.progressDone}/{job.progressTotal}</>
                  ) : <span className="muted">—</span>}
                </td>
                <td>{job.attempts}</td>
                <td className="muted">{job.workerId ?? '—'}</td>
                <td>{new Date(job.createdAt).toLocaleString()}</td>
                <td>{job.finishedAt ? new Date(job.finishedAt).toLocaleString() : '—'}</td>
                <td>{isActive(job) ? <button className="secondary" onClick={() => cancel.mutate(job.id)} disabled={cancel.isPending}>Cancel</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}
