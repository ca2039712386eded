'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { AnalysisSummary } from '@/lib/api/analyses/analysis-summary.ts';
import { useAnalysis, type AnalysisResponse } from '../analysis/analysis-view.tsx';
import { fetchJson } from '../fetch-json.ts';
import { makeColorScale, type ScaleKind } from '../heatmap/color-scale.ts';
import { HeatmapView } from '../heatmap/heatmap-view.tsx';
import { matrixDifference, matrixDomain } from '../heatmap/matrix-domain.ts';
import { AnalysisPicker } from './analysis-picker.tsx';

type Mode = 'side-by-side' | 'difference';

export function CompareAnalyses({ a, b, onChange }: { a: string; b: string; onChange: (a: string, b: string) => void }) {
  const list = useQuery({ queryKey: ['analyses'], queryFn: () => fetchJson<{ analyses: AnalysisSummary[] }>('/api/analyses'), refetchInterval: (q) => (q.state.data?.analyses.some((a) => a.status === 'queued' || a.status === 'running') ? 2_000 : false) });
  const [mode, setMode] = useState<Mode>('side-by-side');
  const [kind, setKind] = useState<ScaleKind>('log');
  const analyses = list.data?.analyses ?? [];
  return (
    <section className="panel">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Analyses</h2>
      <div className="toolbar">
        <AnalysisPicker label="A" value={a} analyses={analyses} onChange={(id) => onChange(id, b)} />
        <AnalysisPicker label="B" value={b} analyses={analyses} onChange={(id) => onChange(a, id)} />
        <label>View <select value={mode} onChange={(e) => setMode(e.target.value as Mode)} data-testid="compare-mode"><option value="side-by-side">side by side</option><option value="difference">difference A − B</option></select></label>
        {mode === 'side-by-side' ? <label>Scale <select value={kind} onChange={(e) => setKind(e.target.value as ScaleKind)}><option value="log">log</option><option value="linear">linear</option></select></label> : null}
      </div>
      {list.error ? <p className="error" role="alert">{list.error.message}</p> : null}
      {a && b ? <ComparedPair a={a} b={b} mode={mode} kind={kind} /> : <div className="empty">Choose two analyses (of models with the same number of blocks) to compare.</div>}
    </section>
  );
}

function ComparedPair({ a, b, mode, kind }: { a: string; b: string; mode: Mode; kind: ScaleKind }) {
  const qa = useAnalysis(a);
  const qb = useAnalysis(b);
  if (qa.error || qb.error) return <p className="error" role="alert">{(qa.error ?? qb.error)!.message}</p>;
  if (!qa.data || !qb.data) return <p className="muted" role="status">Loading…</p>;
  if (qa.data.matrix.length !== qb.data.matrix.length) return <p className="error" role="alert">These analyses have {qa.data.matrix.length} and {qb.data.matrix.length} blocks: only matrices of the same size can be compared.</p>;
  return mode === 'difference' ? <DifferenceHeatmap a={qa.data} b={qb.data} /> : <SideBySide a={qa.data} b={qb.data} kind={kind} />;
}

function SideBySide({ a, b, kind }: { a: AnalysisResponse; b: AnalysisResponse; kind: ScaleKind }) {
  const scale = useMemo(() => {
    const da = matrixDomain(a.matrix); const db = matrixDomain(b.matrix);
    const both = da && db ? { min: Math.min(da.min, db.min), max: Math.max(da.max, db.max), minPositive: Math.min(da.minPositive, db.minPositive) } : da ?? db;
    return both ? makeColorScale(kind, both) : null;
  }, [a.matrix, b.matrix, kind]);
  return (
    <div className="grid" style={{ gridTemplateColumns: '1fr 1fr' }}>
      {[a, b].map((x, k) => (
        <div key={x.id}>
          <div className="muted">{k === 0 ? 'A' : 'B'}: {x.modelName} · {x.calibrationSetName}</div>
          <HeatmapView testId={`heatmap-${k === 0 ? 'a' : 'b'}`} matrix={x.matrix} blocks={x.blocks} attentionFreeRuns={x.attentionFreeRuns} scale={scale} label={`analysis ${k === 0 ? 'A' : 'B'}`} maxHeight={560} />
        </div>
      ))}
    </div>
  );
}

function DifferenceHeatmap({ a, b }: { a: AnalysisResponse; b: AnalysisResponse }) {
  const difference = useMemo(() => matrixDifference(a.matrix, b.matrix), [a.matrix, b.matrix]);
  const scale = useMemo(() => { const d = matrixDomain(difference); return d ? makeColorScale('diverging', d) : null; }, [difference]);
  return (
    <>
      <p className="muted">Red: A depends more than B; blue: less. Symmetric scale around 0.</p>
      <HeatmapView testId="heatmap-difference" matrix={difference} blocks={a.blocks} attentionFreeRuns={a.attentionFreeRuns} scale={scale} label="difference A minus B" />
    </>
  );
}
