'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ModelView } from '@/lib/server/list-models.ts';
import { fetchJson } from './fetch-json.ts';
import { QueryState } from './query-state.tsx';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export function ModelsList() {
  const models = useQuery({ queryKey: ['models'], queryFn: () => fetchJson<{ models: ModelView[] }>('/api/models') });
  const list = models.data?.models ?? [];
  return (
    <QueryState isLoading={models.isLoading} error={models.error}>
      {list.length === 0 ? (
        <div className="empty" data-testid="models-empty">No models yet. Upload an ONNX decoder to start an analysis.</div>
      ) : (
        <table className="list" data-testid="models-table">
          <thead><tr><th>Name</th><th>Blocks</th><th>Hidden</th><th>Attention-free runs</th><th>Size</th><th>Added</th></tr></thead>
          <tbody>
            {list.map((m) => (
              <tr key={m.id}>
                <td><Link href={`/models/${m.id}`}>{m.name}</Link> {m.isDemo ? <span className="badge">demo</span> : null}</td>
                <td>{m.structure.blockCount}</td>
                <td>{m.structure.hiddenSize}</td>
                <td>{m.structure.attentionFreeRuns.map(([a, b]) => `${a}–${b}`).join(', ') || '—'}</td>
                <td>{formatBytes(m.sizeBytes)}</td>
                <td>{new Date(m.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}
