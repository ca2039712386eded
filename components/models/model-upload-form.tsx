'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { uploadWithProgress } from '../upload-with-progress.ts';

type UploadState = { phase: 'idle' } | { phase: 'uploading'; fraction: number } | { phase: 'validating' } | { phase: 'failed'; message: string };

export function ModelUploadForm() {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const [fileError, setFileError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const router = useRouter();
  const client = useQueryClient();
  const busy = state.phase === 'uploading' || state.phase === 'validating';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) { setFileError('Choose an ONNX model file.'); return; }
    if (!file.name.toLowerCase().endsWith('.onnx')) { setFileError(`${file.name} does not look like an ONNX file (.onnx).`); return; }
    setFileError(null);
    setState({ phase: 'uploading', fraction: 0 });
    try {
      const { id } = await uploadWithProgress<{ id: string }>('/api/models', data, (fraction) => setState(fraction >= 1 ? { phase: 'validating' } : { phase: 'uploading', fraction }));
      await client.invalidateQueries({ queryKey: ['models'] });
      router.push(`/models/${id}`);
    } catch (error) {
      setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <form ref={form} className="panel" onSubmit={submit} aria-label="upload a model" data-testid="upload-form">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Upload an ONNX decoder</h2>
      <div className="grid">
        <label className="stack">ONNX model (required)
          <input type="file" name="file" accept=".onnx" required aria-invalid={fileError !== null} aria-describedby="file-error" onChange={() => setFileError(null)} />
          {fileError ? <span id="file-error" className="error" role="alert">{fileError}</span> : null}
        </label>
        <label className="stack">External data (optional)<input type="file" name="externalData" /></label>
        <label className="stack">tokenizer.json (optional)<input type="file" name="tokenizer" accept=".json,application/json" /></label>
        <label className="stack">Name (optional)<input type="text" name="name" placeholder="from the file name" /></label>
      </div>
      <div className="row">
        <button type="submit" disabled={busy}>{busy ? 'Uploading…' : 'Upload'}</button>
        {state.phase === 'uploading' ? <><progress className="upload-progress" style={{ width: 240 }} value={state.fraction} max={1} aria-label="upload progress" /> <span>{Math.round(state.fraction * 100)}%</span></> : null}
        {state.phase === 'validating' ? <span className="muted" role="status">Uploaded; reading the graph…</span> : null}
      </div>
      {state.phase === 'failed' ? <p className="error" role="alert" data-testid="upload-error">{state.message}</p> : null}
    </form>
  );
}
