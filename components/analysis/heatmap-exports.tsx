'use client';

import type { AnalysisDetail } from '@/lib/api/analyses/analysis-detail.ts';
import { downloadBlob, downloadText } from '../download-file.ts';
import type { ColorScale } from '../heatmap/color-scale.ts';
import { heatmapSvg } from '../heatmap/heatmap-svg.ts';
import { matrixToCsv, matrixToJson } from '../heatmap/matrix-export.ts';
import type { BlockRange } from '../heatmap/range-validation.ts';
import { svgToPng } from '../heatmap/svg-to-png.ts';

/** Matrix as CSV/JSON, heatmap as SVG/PNG (with the selected ranges drawn). */
export function HeatmapExports({ analysis, scale, ranges }: { analysis: AnalysisDetail; scale: ColorScale | null; ranges: BlockRange[] }) {
  const base = `analysis-${analysis.id.slice(0, 8)}`;
  const svg = () => heatmapSvg({ matrix: analysis.matrix, scale: scale!, blocks: analysis.blocks, ranges, title: `${analysis.modelName}: dependency matrix (${scale!.kind} scale)` });
  return (
    <div className="row" role="group" aria-label="exports">
      <span className="muted">Export</span>
      <button className="secondary" data-testid="export-csv" onClick={() => downloadText(matrixToCsv(analysis.matrix), `${base}-matrix.csv`, 'text/csv')}>CSV</button>
      <button className="secondary" data-testid="export-json" onClick={() => downloadText(matrixToJson(analysis.matrix, { analysisId: analysis.id, model: analysis.modelName, blocks: analysis.blocks, metrics: analysis.metrics }), `${base}-matrix.json`, 'application/json')}>JSON</button>
      <button className="secondary" data-testid="export-svg" disabled={!scale} onClick={() => downloadText(svg(), `${base}-heatmap.svg`, 'image/svg+xml')}>SVG</button>
      <button className="secondary" data-testid="export-png" disabled={!scale} onClick={async () => downloadBlob(await svgToPng(svg()), `${base}-heatmap.png`)}>PNG</button>
    </div>
  );
}
