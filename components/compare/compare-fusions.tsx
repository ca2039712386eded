'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';
import { fetchJson } from '../fetch-json.ts';
import { bestRows, METRIC_COLUMNS } from '../fusion/fusion-metric-columns.ts';
import { QueryState } from '../query-state.tsx';
import { formatRanges } from '../runs/format-ranges.ts';

const isActive = (r: FusionRunSummary) => r.status === 'queued' || r.status === 'running';

/** Fusion runs in one metrics table; the best value of each column is marked. */
export function CompareFusions({ selected, onChange }: { selected: string[]; onChange: (ids: string[]) => void }) {
  const list = useQuery({ queryKey: ['fusions'], queryFn: () => fetchJson<{ fusionRuns: FusionRunSummary[] }>('/api/fusions'), refetchInterval: (q) => (q.state.data?.fusionRuns.some(isActive) ? 2_000 : false) });
  const runs = list.data?.fusionRuns ?? [];
  const shown = selected.length ? runs.filter((r) => selected.includes(r.id)) : runs.filter((r) => r.metrics);
  const best = bestRows(shown.map((r) => r.metrics));
  const toggle = (id: string) => onChange(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  return (
    <section className="panel">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Fusion runs</h2>
      <p className="muted">{selected.length ? 'Selected runs.' : 'All runs with metrics; tick runs to narrow the table.'} Best value per column marked ★ (ties all marked).</p>
      <QueryState isLoading={list.isLoading} error={list.error}>
        {runs.length === 0 ? <div className="empty">No fusion runs yet.</div> : (
          <table className="list" data-testid="compare-fusions">
            <thead><tr><th /><th>Run</th><th>Model</th><th>Ranges</th>{METRIC_COLUMNS.map((c) => <th key={c.key} title={`${c.better} is better`}>{c.label}</th>)}</tr></thead>
            <tbody>
              {(selected.length ? shown : runs).map((r) => {
                const row = shown.indexOf(r);
                const isBest = (key: string, v: number | null) => {
                  const at = best[key];
                  return row >= 0 && v !== null && at !== null && at !== undefined && v === METRIC_COLUMNS.find((c) => c.key === key)!.value(shown[at]!.metrics);
                };
                return (
                  <tr key={r.id}>
                    <td><input type="checkbox" aria-label={`compare run ${r.id.slice(0, 8)}`} checked={selected.includes(r.id)} onChange={() => toggle(r.id)} /></td>
                    <td><Link href={`/fusions/${r.id}`}>{r.id.slice(0, 8)}</Link></td>
                    <td>{r.modelName}</td>
                    <td>{formatRanges(r.ranges)}</td>
                    {METRIC_COLUMNS.map((c) => {
                      const v = c.value(r.metrics);
                      return <td key={c.key} className={isBest(c.key, v) ? 'best' : undefined}>{v === null ? '—' : c.format(v)}</td>;
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
