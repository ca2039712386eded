'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect } from 'react';
import type { Inbox } from '@/lib/review/inbox.ts';
import { getJson, sendJson } from '../auth/api.ts';
import { QueryState } from '../query-state.tsx';
import { describeEvent } from './run-history-list.tsx';

const REASON: Record<string, string> = { created: 'you created it', commented: 'you commented', review_requested: 'you were asked to review' };

/** What others did since the last visit on runs you created, commented on or were asked to review; opening it marks them seen. */
export function InboxView() {
  const client = useQueryClient();
  const inbox = useQuery({ queryKey: ['inbox', 'page'], queryFn: () => getJson<Inbox>('/api/inbox'), staleTime: Infinity, refetchOnWindowFocus: false });
  useEffect(() => {
    if (!inbox.data) return;
    void sendJson('/api/inbox/seen', 'POST').then(() => client.setQueryData(['inbox', 'count'], { since: null, items: [] }), () => {});
  }, [inbox.data, client]);
  return (
    <QueryState isLoading={inbox.isLoading} error={inbox.error}>
      <p className="muted">{inbox.data?.since ? `Changes since your last visit (${inbox.data.since.slice(0, 16).replace('T', ' ')} UTC).` : 'Changes of the last 30 days.'}</p>
      {inbox.data?.items.length ? (
        <ul className="plain" data-testid="inbox-items">
          {inbox.data.items.map((item) => (
            <li key={`${item.run.kind}:${item.run.id}`} data-testid="inbox-item">
              <Link href={item.run.path}>{item.run.title}</Link>{' '}
              <span className="muted">({item.reasons.map((r) => REASON[r]).join(', ')}; review {item.run.reviewState.replace('_', ' ')})</span>
              <ul className="plain" style={{ marginLeft: 16 }}>
                {item.events.map((e, k) => <li key={k}><span className="muted">{e.at.slice(0, 16).replace('T', ' ')}</span> {describeEvent(e)}</li>)}
              </ul>
            </li>
          ))}
        </ul>
      ) : <p className="empty" data-testid="inbox-empty">Nothing new.</p>}
    </QueryState>
  );
}
