'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { UserView } from '@/lib/auth/users.ts';
import { ROLES } from '@/lib/auth/roles.ts';
import { getJson, sendJson } from './api.ts';

/** Admins add people, change roles, disable accounts. */
export function UsersAdmin() {
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => getJson<{ users: UserView[] }>('/api/users') });
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      await client.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    void run(async () => {
      await sendJson('/api/users', 'POST', Object.fromEntries(new FormData(form).entries()));
      form.reset();
    });
  }
  return (
    <>
      <form onSubmit={create} className="toolbar" data-testid="new-user">
        <input type="email" name="email" placeholder="email" required aria-label="email" />
        <input type="text" name="name" placeholder="name" aria-label="name" />
        <input type="password" name="password" placeholder="password (8+)" required minLength={8} aria-label="password" />
        <select name="role" defaultValue="member" aria-label="role">{ROLES.map((r) => <option key={r}>{r}</option>)}</select>
        <button type="submit">Add user</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <table className="list">
        <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Since</th><th /></tr></thead>
        <tbody>
          {(users.data?.users ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td><td>{u.email}</td>
              <td>
                <select value={u.role} aria-label={`role of ${u.email}`} onChange={(e) => void run(() => sendJson(`/api/users/${u.id}`, 'PATCH', { role: e.target.value }))}>
                  {ROLES.map((r) => <option key={r}>{r}</option>)}
                </select>
              </td>
              <td>{u.createdAt.slice(0, 10)}</td>
              <td>
                <button type="button" className="secondary" onClick={() => void run(() => sendJson(`/api/users/${u.id}`, 'PATCH', { disabled: !u.disabled }))}>
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
