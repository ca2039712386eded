'use client';

import { useQuery } from '@tanstack/react-query';
import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';
import { fetchJson } from '../fetch-json.ts';
import { FusionRunsTable } from '../runs/fusion-runs-table.tsx';
import { QueryState } from '../query-state.tsx';

export function AnalysisFusionRuns({ analysisId }: { analysisId: string }) {
  const runs = useQuery({ queryKey: ['fusions'], queryFn: () => fetchJson<{ fusionRuns: FusionRunSummary[] }>('/api/fusions'), refetchInterval: (q) => (q.state.data?.fusionRuns.some((r) => r.status === 'queued' || r.status === 'running') ? 2_000 : false) });
  const mine = (runs.data?.fusionRuns ?? []).filter((r) => r.analysisId === analysisId);
  return (
    <section style={{ marginTop: 16 }}>
      <h2 style={{ fontSize: 16 }}>Fusion runs from this analysis</h2>
      <QueryState isLoading={runs.isLoading} error={runs.error}>
        {mine.length ? <FusionRunsTable runs={mine} /> : <div className="empty">None yet. Select ranges and launch a fusion run.</div>}
      </QueryState>
    </section>
  );
}
