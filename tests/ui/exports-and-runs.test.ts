import { describe, expect, it } from 'vitest';
import { estimateSecondsLeft, formatDuration } from '../../components/estimate-time-left.ts';
import { bestRows, METRIC_COLUMNS } from '../../components/fusion/fusion-metric-columns.ts';
import { cellPixels } from '../../components/heatmap/cell-image.ts';
import { makeColorScale } from '../../components/heatmap/color-scale.ts';
import { heatmapSvg } from '../../components/heatmap/heatmap-svg.ts';
import { matrixToCsv, matrixToJson } from '../../components/heatmap/matrix-export.ts';
import { filterRuns } from '../../components/runs/run-filters.ts';

const matrix = [[null, 0.25, 0.5], [null, null, 0.125], [null, null, null]];
const blocks = [0, 1, 2].map((index) => ({ index, attention: index === 0, ffn: true }));

describe('exports', () => {
  it('writes the matrix as CSV with empty undefined cells, and as JSON', () => {
    expect(matrixToCsv(matrix)).toBe('dropped\\measured,0,1,2\n0,,0.25,0.5\n1,,,0.125\n2,,,\n');
    expect(JSON.parse(matrixToJson(matrix, { analysisId: 'x' }))).toMatchObject({ analysisId: 'x', matrix });
  });

  it('draws a standalone SVG with one rect per defined cell, the selected ranges and a legend', () => {
    const scale = makeColorScale('log', { min: 0.125, max: 0.5, minPositive: 0.125 });
    const svg = heatmapSvg({ matrix, scale, blocks, ranges: [[1, 2]], title: 'demo <model>' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('demo &lt;model&gt;');
    expect(svg.match(/<rect x="\d+(\.\d+)?" y="\d+(\.\d+)?" width="6" height="6"/g)).toHaveLength(3);
    expect(svg).toContain('stroke="#fff"');
    expect(svg).toContain('linearGradient');
  });

  it('fills one pixel per cell, transparent where undefined and faint where pending', () => {
    const scale = makeColorScale('log', { min: 0.125, max: 0.5, minPositive: 0.125 });
    const pixels = cellPixels([[null, 0.5], [null, null]], scale, new Set([0]));
    expect(pixels[3]).toBe(0);
    expect(pixels[7]).toBe(255);
    const pending = cellPixels([[null, null], [null, null]], scale, new Set());
    expect(pending[7]).toBeGreaterThan(0);
    expect(pending[7]).toBeLessThan(255);
  });
});

describe('fusion metrics table and run lists', () => {
  it('marks the best value of each column, lower or higher as the column says', () => {
    const latency = (candidate: number) => ({ batches: [{ batch: 16, reference: 80, candidate: 79, speedup: 80 / 79 }, { batch: 1, reference: 10, candidate, speedup: 10 / candidate }] });
    const metrics = [
      { kl: 0.02, crossEntropy: { reference: 1, candidate: 1.1 }, latencyMs: latency(8), depth: { reference: 48, candidate: 40 } },
      { kl: 0.01, crossEntropy: { reference: 1, candidate: 1.3, delta: 0.3 }, latencyMs: latency(5), depth: { reference: 48, candidate: 44 } },
      null,
    ];
    const best = bestRows(metrics);
    expect(best).toMatchObject({ kl: 1, dce: 0, latency: 1, speedup: 1, depth: 0, cos: null });
    const speedup = METRIC_COLUMNS.find((c) => c.key === 'speedup')!;
    expect(speedup.format(speedup.value(metrics[1]!)!)).toBe('2.00×');
  });

  it('filters runs by model and status and sorts them', () => {
    const runs = [
      { id: '1', modelId: 'm1', modelName: 'beta', status: 'succeeded', createdAt: '2026-01-01T00:00:00Z', createdBy: { id: 'u1', name: 'Ada', email: 'ada@example.com' } },
      { id: '2', modelId: 'm2', modelName: 'alpha', status: 'failed', createdAt: '2026-01-03T00:00:00Z' },
      { id: '3', modelId: 'm1', modelName: 'beta', status: 'running', createdAt: '2026-01-02T00:00:00Z' },
    ];
    expect(filterRuns(runs, { modelId: '', status: '', sort: 'newest' }).map((r) => r.id)).toEqual(['2', '3', '1']);
    expect(filterRuns(runs, { modelId: '', status: '', sort: 'oldest' }).map((r) => r.id)).toEqual(['1', '3', '2']);
    expect(filterRuns(runs, { modelId: '', status: '', sort: 'model' }).map((r) => r.id)).toEqual(['2', '3', '1']);
    expect(filterRuns(runs, { modelId: 'm1', status: '', sort: 'newest' }).map((r) => r.id)).toEqual(['3', '1']);
    expect(filterRuns(runs, { modelId: '', status: 'failed', sort: 'newest' }).map((r) => r.id)).toEqual(['2']);
    expect(filterRuns(runs, { modelId: '', status: '', createdById: 'u1', sort: 'newest' }).map((r) => r.id)).toEqual(['1']);
  });

  it('estimates the time left from the pace so far', () => {
    expect(estimateSecondsLeft(0, 10, 0, 5_000)).toBeNull();
    expect(estimateSecondsLeft(5, 10, 0, 10_000)).toBe(10);
    expect(estimateSecondsLeft(10, 10, 0, 10_000)).toBeNull();
    expect(formatDuration(10)).toBe('10 s');
    expect(formatDuration(600)).toBe('10 min');
  });
});
