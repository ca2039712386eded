'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { Inbox } from '@/lib/review/inbox.ts';
import { getJson, sendJson } from './api.ts';
import { useCurrentUser } from './use-current-user.ts';

async function signOut(): Promise<void> {
  await sendJson('/api/auth/signout', 'POST').catch(() => {});
  window.location.assign('/signin');
}

/** Inbox, tokens, users (admins) and sign-out, for the site header. */
export function UserMenu() {
  const { data: user } = useCurrentUser();
  const inbox = useQuery({ queryKey: ['inbox', 'count'], queryFn: () => getJson<Inbox>('/api/inbox'), enabled: Boolean(user), staleTime: 60_000 });
  if (!user) return null;
  const news = inbox.data?.items.length ?? 0;
  return (
    <div className="row" style={{ marginLeft: 'auto', gap: 12 }} data-testid="user-menu">
      <Link href="/inbox" data-testid="inbox-link">Inbox{news ? ` (${news})` : ''}</Link>
      <Link href="/tokens">Tokens</Link>
      {user.role === 'admin' ? <Link href="/admin/users">Users</Link> : null}
      <span className="muted" title={user.email} data-testid="signed-in-as">{user.name} ({user.role})</span>
      <button type="button" className="secondary" onClick={() => void signOut()}>Sign out</button>
    </div>
  );
}
