'use client';

import { useState, type FormEvent } from 'react';
import { sendJson } from './api.ts';

interface Props {
  action: '/api/auth/signin' | '/api/auth/setup';
  submitLabel: string;
  withName?: boolean;
  /** Where to go once signed in. */
  next: string;
}

/** Email + password (and a name on setup); a full page load after, so every page sees the session. */
export function CredentialsForm({ action, submitLabel, withName, next }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await sendJson(action, 'POST', Object.fromEntries(form.entries()));
      window.location.assign(safeNext(next));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="panel" style={{ maxWidth: 380, display: 'grid', gap: 12 }}>
      {withName ? <label className="stack">Name <input type="text" name="name" autoComplete="name" /></label> : null}
      <label className="stack">Email <input type="email" name="email" required autoComplete="username" /></label>
      <label className="stack">Password <input type="password" name="password" required minLength={withName ? 8 : 1} autoComplete={withName ? 'new-password' : 'current-password'} /></label>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <button type="submit" disabled={busy}>{submitLabel}</button>
    </form>
  );
}

/** Only paths on this site: an open redirect would let a link send people elsewhere after signing in. */
function safeNext(next: string): string {
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
