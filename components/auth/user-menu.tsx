'use client';

import Link from 'next/link';
import { sendJson } from './api.ts';
import { useCurrentUser } from './use-current-user.ts';

async function signOut(): Promise<void> {
  await sendJson('/api/auth/signout', 'POST').catch(() => {});
  window.location.assign('/signin');
}

/** Inbox, tokens, users (admins) and sign-out, for the site header. */
export function UserMenu() {
  const { data: user } = useCurrentUser();
  if (!user) return null;
  return (
    <div className="row" style={{ marginLeft: 'auto', gap: 12 }} data-testid="user-menu">
      <Link href="/inbox">Inbox</Link>
      <Link href="/tokens">Tokens</Link>
      {user.role === 'admin' ? <Link href="/admin/users">Users</Link> : null}
      <span className="muted" title={user.email} data-testid="signed-in-as">{user.name} ({user.role})</span>
      <button type="button" className="secondary" onClick={() => void signOut()}>Sign out</button>
    </div>
  );
}
