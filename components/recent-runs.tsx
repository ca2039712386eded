'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { AnalysisSummary } from '@/lib/api/analyses/analysis-summary.ts';
import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';
import type { ModelView } from '@/lib/server/list-models.ts';
import { fetchJson } from './fetch-json.ts';
import { QueryState } from './query-state.tsx';
import { formatRanges } from './runs/format-ranges.ts';
import { StatusBadge } from './status-badge.tsx';

const SHOWN = 5;

/** Where to pick up: the models, and the latest analyses and fusion runs. */
export function RecentRuns() {
  const models = useQuery({ queryKey: ['models'], queryFn: () => fetchJson<{ models: ModelView[] }>('/api/models') });
  const analyses = useQuery({ queryKey: ['analyses'], queryFn: () => fetchJson<{ analyses: AnalysisSummary[] }>('/api/analyses'), refetchInterval: 5_000 });
  const fusions = useQuery({ queryKey: ['fusions'], queryFn: () => fetchJson<{ fusionRuns: FusionRunSummary[] }>('/api/fusions'), refetchInterval: 5_000 });
  return (
    <div className="grid" style={{ marginTop: 16 }} data-testid="recent">
      <section className="panel">
        <h2 style={{ fontSize: 16, marginTop: 0 }}>Models</h2>
        <QueryState isLoading={models.isLoading} error={models.error}>
          {models.data?.models.length ? (
            <ul className="plain">{models.data.models.slice(0, SHOWN).map((m) => <li key={m.id}><Link href={`/models/${m.id}`}>{m.name}</Link> {m.isDemo ? <span className="badge">demo</span> : null} <span className="muted">{m.structure.blockCount} blocks</span></li>)}</ul>
          ) : <div className="muted">No models yet: <Link href="/models">upload one</Link>.</div>}
        </QueryState>
      </section>
      <section className="panel">
        <h2 style={{ fontSize: 16, marginTop: 0 }}>Latest analyses</h2>
        <QueryState isLoading={analyses.isLoading} error={analyses.error}>
          {analyses.data?.analyses.length ? (
            <ul className="plain">{analyses.data.analyses.slice(0, SHOWN).map((a) => <li key={a.id}><Link href={`/analyses/${a.id}`}>{a.modelName}</Link> <StatusBadge status={a.status} /> <span className="muted">{a.progress.done}/{a.progress.total} rows</span></li>)}</ul>
          ) : <div className="muted">None yet: open a model and launch an analysis.</div>}
        </QueryState>
      </section>
      <section className="panel">
        <h2 style={{ fontSize: 16, marginTop: 0 }}>Latest fusion runs</h2>
        <QueryState isLoading={fusions.isLoading} error={fusions.error}>
          {fusions.data?.fusionRuns.length ? (
            <ul className="plain">{fusions.data.fusionRuns.slice(0, SHOWN).map((r) => <li key={r.id}><Link href={`/fusions/${r.id}`}>{r.modelName} {formatRanges(r.ranges)}</Link> <StatusBadge status={r.status} /></li>)}</ul>
          ) : <div className="muted">None yet: select ranges on an analysis.</div>}
        </QueryState>
      </section>
    </div>
  );
}
