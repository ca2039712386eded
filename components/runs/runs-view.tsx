'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AnalysisSummary } from '@/lib/api/analyses/analysis-summary.ts';
import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';
import { fetchJson } from '../fetch-json.ts';
import { QueryState } from '../query-state.tsx';
import { AnalysesTable } from './analyses-table.tsx';
import { FusionRunsTable } from './fusion-runs-table.tsx';
import { ALL, filterRuns, type RunFilter, type RunLike } from './run-filters.ts';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const anyActive = (list: Array<{ status: string }> | undefined) => list?.some((r) => r.status === 'queued' || r.status === 'running');

export function RunsView() {
  const [filter, setFilter] = useState<RunFilter>({ modelId: ALL, status: ALL, createdById: ALL, sort: 'newest' });
  const analyses = useQuery({ queryKey: ['analyses'], queryFn: () => fetchJson<{ analyses: AnalysisSummary[] }>('/api/analyses'), refetchInterval: (q) => (anyActive(q.state.data?.analyses) ? 2_000 : 10_000) });
  const fusions = useQuery({ queryKey: ['fusions'], queryFn: () => fetchJson<{ fusionRuns: FusionRunSummary[] }>('/api/fusions'), refetchInterval: (q) => (anyActive(q.state.data?.fusionRuns) ? 2_000 : 10_000) });
  const models = new Map([...(analyses.data?.analyses ?? []), ...(fusions.data?.fusionRuns ?? [])].map((r) => [r.modelId, r.modelName]));
  const listed: RunLike[] = [...(analyses.data?.analyses ?? []), ...(fusions.data?.fusionRuns ?? [])];
  const people = new Map(listed.flatMap((r) => (r.createdBy ? [[r.createdBy.id, r.createdBy.name || r.createdBy.email] as const] : [])));
  const shownAnalyses = filterRuns(analyses.data?.analyses ?? [], filter);
  const shownFusions = filterRuns(fusions.data?.fusionRuns ?? [], filter);
  return (
    <>
      <div className="toolbar" role="group" aria-label="filters">
        <label>Model <select aria-label="filter by model" value={filter.modelId} onChange={(e) => setFilter({ ...filter, modelId: e.target.value })}>
          <option value={ALL}>all</option>{[...models].map(([id, name]) => <option key={id} value={id}>{name}</option>)}
        </select></label>
        <label>Created by <select aria-label="filter by person" value={filter.createdById} onChange={(e) => setFilter({ ...filter, createdById: e.target.value })}>
          <option value={ALL}>anyone</option>{[...people].map(([id, name]) => <option key={id} value={id}>{name}</option>)}
        </select></label>
        <label>Status <select aria-label="filter by status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
          <option value={ALL}>all</option>{STATUSES.map((s) => <option key={s}>{s}</option>)}
        </select></label>
        <label>Sort <select aria-label="sort by" value={filter.sort} onChange={(e) => setFilter({ ...filter, sort: e.target.value as RunFilter['sort'] })}>
          <option value="newest">newest first</option><option value="oldest">oldest first</option><option value="model">model</option><option value="status">status</option>
        </select></label>
      </div>
      <h2 style={{ fontSize: 16 }}>Analyses</h2>
      <QueryState isLoading={analyses.isLoading} error={analyses.error}>
        {shownAnalyses.length ? <AnalysesTable analyses={shownAnalyses} showModel /> : <div className="empty">No analyses match. Launch one from a model page.</div>}
      </QueryState>
      <h2 style={{ fontSize: 16 }}>Fusion runs</h2>
      <QueryState isLoading={fusions.isLoading} error={fusions.error}>
        {shownFusions.length ? <FusionRunsTable runs={shownFusions} showModel /> : <div className="empty">No fusion runs match. Launch one from an analysis.</div>}
      </QueryState>
    </>
  );
}
