'use client';

import type { BlockMetricSeries } from '@/lib/api/analyses/analysis-detail.ts';
import type { BlockShape } from '../heatmap/block-kinds.ts';
import { BlockMetricChart } from './block-metric-chart.tsx';

const CHARTS: Array<{ key: keyof BlockMetricSeries; title: string; description: string }> = [
  { key: 'inputOutputCosineDistance', title: 'input/output cosine distance', description: '1 - cos(X, f(X)) per token, averaged: low inside fusable regions' },
  { key: 'contributionNormRatio', title: '‖h‖ / ‖X‖', description: 'size of the block contribution relative to its input' },
  { key: 'blockInfluence', title: 'Block Influence', description: 'ShortGPT BI = 1 - mean cos(X_k, X_k+1)' },
  { key: 'dropOneKl', title: 'drop-one KL', description: 'KL(p_full || p_without_block) of next-token distributions' },
];

export function BlockMetricCharts({ metrics, blocks, active, onHover }: { metrics: BlockMetricSeries; blocks: ReadonlyArray<BlockShape>; active: number | null; onHover: (b: number | null) => void }) {
  return (
    <div className="charts" data-testid="block-metrics">
      {CHARTS.map((c) => <BlockMetricChart key={c.key} title={c.title} description={c.description} values={metrics[c.key]} blocks={blocks} active={active} onHover={onHover} />)}
    </div>
  );
}
