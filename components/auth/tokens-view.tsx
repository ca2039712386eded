'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ApiTokenView } from '@/lib/auth/api-tokens.ts';
import { getJson, sendJson } from './api.ts';

/** Your API tokens: create one (shown once), revoke. */
export function TokensView() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => getJson<{ tokens: ApiTokenView[] }>('/api/tokens') });
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['tokens'] });
  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    try {
      setCreated((await sendJson<{ token: string }>('/api/tokens', 'POST', { name })).token);
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  async function revoke(id: string) {
    await sendJson(`/api/tokens/${id}`, 'DELETE').catch((e: Error) => setError(e.message));
    await refresh();
  }
  return (
    <>
      <form onSubmit={(e) => void create(e)} className="toolbar">
        <label>Name <input type="text" name="name" placeholder="ci" /></label>
        <button type="submit">Create token</button>
      </form>
      {created ? (
        <p className="panel" data-testid="new-token">Copy it now, it is not shown again: <code>{created}</code></p>
      ) : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      <table className="list">
        <thead><tr><th>Name</th><th>Starts with</th><th>Created</th><th>Last used</th><th /></tr></thead>
        <tbody>
          {(tokens.data?.tokens ?? []).map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td><td><code>{t.prefix}…</code></td><td>{t.createdAt.slice(0, 16).replace('T', ' ')}</td>
              <td>{t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}</td>
              <td>{t.revokedAt ? 'revoked' : <button type="button" className="secondary" onClick={() => void revoke(t.id)}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
