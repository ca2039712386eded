'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { FusionRunSummary } from '@/lib/api/fusions/fusion-run-summary.ts';
import { downloadText } from '../download-file.ts';
import { fetchJson } from '../fetch-json.ts';
import { QueryState } from '../query-state.tsx';
import { RunProgress } from '../run-progress.tsx';
import { StatusBadge } from '../status-badge.tsx';
import { FusionMetricsPanel } from './fusion-metrics-panel.tsx';
import { RangeDetails } from './range-details.tsx';
import { RunReview } from '../review/run-review.tsx';

const active = (s: string | undefined) => s === 'queued' || s === 'running';

export function FusionRunView({ id }: { id: string }) {
  const run = useQuery({
    queryKey: ['fusion', id],
    queryFn: () => fetchJson<FusionRunSummary>(`/api/fusions/${id}`),
    refetchInterval: (q) => (active(q.state.data?.status) ? 1_000 : false),
  });
  const r = run.data;
  return (
    <QueryState isLoading={run.isLoading} error={run.error}>
      {r ? (
        <>
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <h1 style={{ margin: 0 }}>Fusion run <span className="muted">{r.id.slice(0, 8)}</span></h1>
            <StatusBadge status={r.status} />
          </div>
          <p className="muted">
            Model <Link href={`/models/${r.modelId}`}>{r.modelName}</Link>
            {r.analysisId ? <> · from <Link href={`/analyses/${r.analysisId}`} data-testid="analysis-link">analysis {r.analysisId.slice(0, 8)}</Link></> : null}
            {' '}· <Link href={`/compare?fusions=${r.id}`}>compare with other runs…</Link>
          </p>
          {active(r.status) ? <RunProgress status={r.status} done={r.progress.done} total={r.progress.total} startedAt={r.startedAt} unit="steps" /> : null}
          {r.error ? <p className="error" role="alert">{r.error}</p> : null}
          <FusionMetricsPanel run={r} />
          <RangeDetails run={r} />
          <div className="row">
            {r.hasModel ? <a className="button" href={`/api/fusions/${r.id}/model`} download data-testid="download-model">Download fused ONNX</a> : <span className="muted">The fused model can be downloaded once the run succeeds.</span>}
            <button className="secondary" disabled={!r.metrics} data-testid="export-metrics" onClick={() => downloadText(JSON.stringify({ id: r.id, modelId: r.modelId, analysisId: r.analysisId, ranges: r.ranges, metrics: r.metrics }, null, 2), `fusion-${r.id.slice(0, 8)}-metrics.json`, 'application/json')}>Metrics JSON</button>
          </div>
          <RunReview kind="fusions" id={r.id} />
        </>
      ) : null}
    </QueryState>
  );
}
