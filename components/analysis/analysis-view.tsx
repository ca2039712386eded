'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useState } from 'react';
import type { AnalysisDetail } from '@/lib/api/analyses/analysis-detail.ts';
import { fetchJson } from '../fetch-json.ts';
import type { ScaleKind } from '../heatmap/color-scale.ts';
import { HeatmapView } from '../heatmap/heatmap-view.tsx';
import { KindKey } from '../heatmap/kind-key.tsx';
import type { BlockRange } from '../heatmap/range-validation.ts';
import { useColorScale } from '../heatmap/use-color-scale.ts';
import { QueryState } from '../query-state.tsx';
import { RunProgress } from '../run-progress.tsx';
import { StatusBadge } from '../status-badge.tsx';
import { AnalysisFusionRuns } from './analysis-fusion-runs.tsx';
import { BlockMetricCharts } from './block-metric-charts.tsx';
import { HeatmapExports } from './heatmap-exports.tsx';
import { RangePanel } from './range-panel.tsx';
import { RunReview } from '../review/run-review.tsx';
import { ShareLinkButton } from '../review/share-link-button.tsx';
import { useHeatmapReview } from '../review/use-heatmap-review.tsx';

export type AnalysisResponse = AnalysisDetail;

export const isActive = (status: string | undefined) => status === 'queued' || status === 'running';

export function useAnalysis(id: string) {
  return useQuery({
    queryKey: ['analysis', id],
    queryFn: () => fetchJson<AnalysisResponse>(`/api/analyses/${id}`),
    refetchInterval: (q) => (isActive(q.state.data?.status) ? 1_000 : false),
  });
}

export function AnalysisView({ id }: { id: string }) {
  const analysis = useAnalysis(id);
  return (
    <QueryState isLoading={analysis.isLoading} error={analysis.error}>
      {analysis.data ? <AnalysisBody analysis={analysis.data} /> : null}
    </QueryState>
  );
}

function AnalysisBody({ analysis }: { analysis: AnalysisResponse }) {
  const [scaleKind, setScaleKind] = useState<ScaleKind>('log');
  const [ranges, setRanges] = useState<BlockRange[]>([]);
  const [heatmapBlock, setHeatmapBlock] = useState<number | null>(null);
  const [chartBlock, setChartBlock] = useState<number | null>(null);
  const scale = useColorScale(analysis.matrix, scaleKind);
  const addRange = useCallback((r: BlockRange) => setRanges((rs) => [...rs, r].sort((p, q) => p[0] - q[0])), []);
  const review = useHeatmapReview('analyses', analysis.id, analysis.blocks.length, ranges, setRanges);
  const running = isActive(analysis.status);
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>Analysis <span className="muted">{analysis.id.slice(0, 8)}</span></h1>
        <StatusBadge status={analysis.status} />
      </div>
      <p className="muted">
        Model <Link href={`/models/${analysis.modelId}`}>{analysis.modelName}</Link> · calibration {analysis.calibrationSetName} ·
        {' '}<Link href={`/compare?a=${analysis.id}`}>compare…</Link> <ShareLinkButton view={review.view} />
      </p>
      {running || analysis.status === 'failed' ? <RunProgress status={analysis.status} done={analysis.progress.done} total={analysis.progress.total} startedAt={analysis.startedAt} /> : null}
      {analysis.error ? <p className="error" role="alert">{analysis.error}</p> : null}
      <div className="split" style={{ marginTop: 12 }}>
        <div className="panel">
          <div className="toolbar" style={{ justifyContent: 'space-between' }}>
            <label>Colour scale
              <select value={scaleKind} onChange={(e) => setScaleKind(e.target.value as ScaleKind)} data-testid="scale-select">
                <option value="log">log</option>
                <option value="linear">linear</option>
              </select>
            </label>
            <HeatmapExports analysis={analysis} scale={scale} ranges={ranges} />
          </div>
          <KindKey />
          <HeatmapView matrix={analysis.matrix} blocks={analysis.blocks} attentionFreeRuns={analysis.attentionFreeRuns} computedRows={running ? analysis.computedRows : null}
            scale={scale} label="dependency matrix" ranges={ranges} onSelectRange={addRange}
            highlight={chartBlock} onHoverBlock={setHeatmapBlock} overlay={review.overlay} />
          <p className="muted" style={{ fontSize: 12 }}>Wheel to zoom, shift-drag to pan, drag along the diagonal to select a range. Rows: dropped block i; columns: measured block j; blue = weak dependency, red = strong.</p>
        </div>
        <RangePanel modelId={analysis.modelId} analysisId={analysis.id} blocks={analysis.blocks} attentionFreeRuns={analysis.attentionFreeRuns}
          ranges={ranges} onChange={setRanges} suggestions={analysis.suggestions?.ffnRanges ?? []} windows={analysis.suggestions?.blockWindows ?? []} />
      </div>
      <h2 style={{ fontSize: 16 }}>Per-block metrics</h2>
      <BlockMetricCharts metrics={analysis.metrics} blocks={analysis.blocks} active={chartBlock ?? heatmapBlock} onHover={setChartBlock} />
      <AnalysisFusionRuns analysisId={analysis.id} />
      <RunReview kind="analyses" id={analysis.id} selection={review.selection} onSelectAnchor={review.showAnchor} />
    </>
  );
}
