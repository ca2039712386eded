'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ModelDetail } from '@/lib/api/models/read-model.ts';
import { TOKEN_DTYPES, type TokenDtype } from '@/lib/calibration/token-dtype.ts';
import { fetchJson } from '../fetch-json.ts';
import { QueryState } from '../query-state.tsx';
import { useModel } from '../models/model-detail-view.tsx';
import { readTokenUpload } from './read-token-upload.ts';

type Source = 'set' | 'text' | 'tokens';

export function NewAnalysisForm({ modelId }: { modelId: string }) {
  const model = useModel(modelId);
  return (
    <QueryState isLoading={model.isLoading} error={model.error}>
      {model.data ? <AnalysisForm model={model.data} /> : null}
    </QueryState>
  );
}

function AnalysisForm({ model }: { model: ModelDetail }) {
  const router = useRouter();
  const byteLevel = model.structure.vocabSize === 256 || model.hasTokenizer;
  const [source, setSource] = useState<Source>(model.calibrationSets.length ? 'set' : byteLevel ? 'text' : 'tokens');
  const [setId, setSetId] = useState(model.calibrationSets[0]?.id ?? '');
  const [text, setText] = useState('');
  const [tokenFile, setTokenFile] = useState<File | null>(null);
  const [dtype, setDtype] = useState<TokenDtype>('int64');
  const [seqLen, setSeqLen] = useState(String(Math.min(128, model.structure.maxSequenceLength ?? 128)));
  const chosenSet = model.calibrationSets.find((c) => c.id === setId);

  const launch = useMutation({
    mutationFn: async () => {
      const calibration = source === 'set' ? { calibrationSetId: setId } : source === 'text' ? { text } : { ids: await readTokenUpload(tokenFile!, dtype) };
      const body = { modelId: model.id, calibration, ...(source === 'set' ? {} : { seqLen: Number(seqLen) }) };
      return fetchJson<{ id: string }>('/api/analyses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    },
    onSuccess: ({ id }) => router.push(`/analyses/${id}`),
  });
  const ready = source === 'set' ? Boolean(setId) : source === 'text' ? text.length > 0 : tokenFile !== null;

  return (
    <form className="panel" onSubmit={(e) => { e.preventDefault(); if (ready) launch.mutate(); }} aria-label="new analysis">
      <fieldset>
        <legend>Calibration data</legend>
        <label><input type="radio" name="source" checked={source === 'set'} disabled={!model.calibrationSets.length} onChange={() => setSource('set')} /> Existing set{model.calibrationSets.some((c) => c.source === 'demo') ? ' (includes the demo set)' : ''}</label>{' '}
        <label><input type="radio" name="source" checked={source === 'text'} disabled={!byteLevel} onChange={() => setSource('text')} /> Text{byteLevel ? '' : ' (needs a byte-level model or a tokenizer.json)'}</label>{' '}
        <label><input type="radio" name="source" checked={source === 'tokens'} onChange={() => setSource('tokens')} /> Token file</label>
        <div style={{ marginTop: 12 }}>
          {source === 'set' ? (
            <label className="stack">Set
              <select value={setId} onChange={(e) => setSetId(e.target.value)} data-testid="calibration-set">
                {model.calibrationSets.map((c) => <option key={c.id} value={c.id}>{c.name} — {c.sequenceCount} × {c.seqLen}</option>)}
              </select>
            </label>
          ) : null}
          {source === 'text' ? (
            <>
              <label className="stack" style={{ width: '100%' }}>Paste text<textarea value={text} onChange={(e) => setText(e.target.value)} placeholder="calibration text…" data-testid="calibration-text" /></label>
              <label className="stack">…or load a text file<input type="file" accept=".txt,.md,.py,text/*" onChange={async (e) => { const f = e.target.files?.[0]; if (f) setText(await f.text()); }} /></label>
              <div className="muted">{text.length.toLocaleString()} characters</div>
            </>
          ) : null}
          {source === 'tokens' ? (
            <div className="row">
              <label className="stack">Token file (.json, .npy, or raw)<input type="file" onChange={(e) => setTokenFile(e.target.files?.[0] ?? null)} /></label>
              <label className="stack">Raw dtype<select value={dtype} onChange={(e) => setDtype(e.target.value as TokenDtype)}>{TOKEN_DTYPES.map((d) => <option key={d}>{d}</option>)}</select></label>
            </div>
          ) : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>Sequences</legend>
        {source === 'set' ? <div className="muted">Sequence length {chosenSet?.seqLen ?? '—'}, as stored with the set.</div> : (
          <label>Sequence length <input type="number" min={1} max={model.structure.maxSequenceLength ?? undefined} value={seqLen} onChange={(e) => setSeqLen(e.target.value)} style={{ width: 90 }} data-testid="seq-len" /></label>
        )}
        <p className="muted" style={{ marginBottom: 0 }}>Computed: the dependency matrix, input/output cosine distance, ‖h‖/‖X‖, Block Influence and drop-one KL for all {model.structure.blockCount} blocks.</p>
      </fieldset>
      <button type="submit" disabled={!ready || launch.isPending} data-testid="launch-analysis">{launch.isPending ? 'Launching…' : 'Launch analysis'}</button>
      {launch.error ? <p className="error" role="alert" data-testid="analysis-error">{launch.error.message}</p> : null}
    </form>
  );
}
