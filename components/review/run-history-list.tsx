'use client';

import type { RunEvent } from '@/lib/review/run-history.ts';

const STATE_LABEL: Record<string, string> = { open: 'reopened', approved: 'approved', changes_requested: 'requested changes' };

export function describeEvent(e: RunEvent): string {
  const who = e.actor?.name ?? (e.type === 'created' ? 'someone' : 'a worker');
  switch (e.type) {
    case 'created': return `${who} created it`;
    case 'started': return 'started';
    case 'succeeded': return 'finished';
    case 'failed': return `failed${e.detail?.error ? `: ${e.detail.error}` : ''}`;
    case 'cancelled': return 'cancelled';
    case 'commented': return `${who} commented`;
    case 'review_requested': return `${who} asked ${e.detail?.reviewer?.name ?? 'someone'} to review`;
    case 'review_state_changed': return `${who} ${STATE_LABEL[e.detail?.state ?? ''] ?? 'changed the review state'}`;
  }
}

/** Created, started, finished or failed, commented, review changes: who and when. */
export function RunHistoryList({ events }: { events: RunEvent[] }) {
  return (
    <ol className="plain" data-testid="run-history">
      {events.map((e, k) => (
        <li key={k} data-event={e.type}>
          <span className="muted">{e.at.slice(0, 19).replace('T', ' ')}</span> {describeEvent(e)}
          {e.detail?.commentId ? <> · <a href={`#comment-${e.detail.commentId}`}>comment</a></> : null}
        </li>
      ))}
    </ol>
  );
}
