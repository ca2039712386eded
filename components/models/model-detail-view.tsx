'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ModelDetail } from '@/lib/api/models/read-model.ts';
import type { ModelLineage } from '@/lib/api/models/register-model.ts';
import { fetchJson } from '../fetch-json.ts';
import { formatBytes } from '../models-list.tsx';
import { QueryState } from '../query-state.tsx';
import { AnalysesTable } from '../runs/analyses-table.tsx';
import { FusionRunsTable } from '../runs/fusion-runs-table.tsx';
import { BlockStrip } from './block-strip.tsx';
import { CalibrationSetsTable } from './calibration-sets-table.tsx';

const anyActive = (m: ModelDetail | undefined) => [...(m?.analyses ?? []), ...(m?.fusionRuns ?? [])].some((r) => r.status === 'queued' || r.status === 'running');

export function useModel(id: string) {
  return useQuery({ queryKey: ['model', id], queryFn: () => fetchJson<ModelDetail>(`/api/models/${id}`), refetchInterval: (q) => (anyActive(q.state.data) ? 2_000 : false) });
}

function describeLineage(lineage: ModelLineage): string {
  const blocks = (lineage.blocks ?? []).map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
  const kind = { 'attention-removed': 'attention removed', fused: 'fused', healed: 'healed', 'trained-from': 'trained from' }[lineage.kind];
  return `${kind}${blocks ? ` in blocks ${blocks}` : ''}${lineage.note ? `; ${lineage.note}` : ''}`;
}

export function ModelDetailView({ id }: { id: string }) {
  const model = useModel(id);
  const m = model.data;
  return (
    <QueryState isLoading={model.isLoading} error={model.error}>
      {m ? (
        <>
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <h1 style={{ margin: 0 }}>{m.name} {m.isDemo ? <span className="badge">demo</span> : null}</h1>
            <Link className="button" href={`/models/${m.id}/analyze`} data-testid="new-analysis">New analysis</Link>
          </div>
          <section className="panel" style={{ marginTop: 12 }}>
            <dl className="facts">
              <dt>Blocks</dt><dd>{m.structure.blockCount} ({m.structure.blocks.filter((b) => b.attention).length} with attention)</dd>
              <dt>Hidden size</dt><dd>{m.structure.hiddenSize}</dd>
              <dt>Vocabulary</dt><dd>{m.structure.vocabSize}{m.structure.vocabSize === 256 ? ' (byte-level)' : ''}{m.hasTokenizer ? ' · tokenizer.json' : ''}</dd>
              <dt>Attention-free runs</dt><dd>{m.structure.attentionFreeRuns.map(([a, b]) => `${a}–${b}`).join(', ') || 'none'}</dd>
              <dt>Block parameters</dt><dd>{m.structure.parameterCount.toLocaleString()}</dd>
              <dt>Max sequence length</dt><dd>{m.structure.maxSequenceLength ?? 'not fixed by the graph'}</dd>
              <dt>File</dt><dd>{formatBytes(m.sizeBytes)}{m.hasExternalData ? ' with external data' : ''} · sha256 <code>{m.sha256.slice(0, 12)}</code></dd>
              {m.parent ? (
                <><dt>Derived from</dt><dd data-testid="model-parent"><Link href={`/models/${m.parent.id}`}>{m.parent.name}</Link>{m.lineage ? ` · ${describeLineage(m.lineage)}` : ''}</dd></>
              ) : null}
              {m.children.length ? (
                <><dt>Derived models</dt><dd data-testid="model-children">{m.children.map((c, k) => (
                  <span key={c.id}>{k ? ', ' : ''}<Link href={`/models/${c.id}`}>{c.name}</Link>{c.lineage ? ` (${describeLineage(c.lineage)})` : ''}</span>
                ))}</dd></>
              ) : null}
            </dl>
          </section>
          <section className="panel"><h2 style={{ fontSize: 16, marginTop: 0 }}>Blocks</h2><BlockStrip structure={m.structure} /></section>
          <h2 style={{ fontSize: 16 }}>Calibration sets</h2>
          {m.calibrationSets.length ? <CalibrationSetsTable sets={m.calibrationSets} /> : <div className="empty">No calibration sets yet: add one when launching an analysis.</div>}
          <h2 style={{ fontSize: 16 }}>Analyses</h2>
          {m.analyses.length ? <AnalysesTable analyses={m.analyses} /> : <div className="empty">No analyses yet. <Link href={`/models/${m.id}/analyze`}>Launch one</Link>.</div>}
          <h2 style={{ fontSize: 16 }}>Fusion runs</h2>
          {m.fusionRuns.length ? <FusionRunsTable runs={m.fusionRuns} /> : <div className="empty">No fusion runs yet: select ranges on an analysis.</div>}
        </>
      ) : null}
    </QueryState>
  );
}
