'use client';

import { useState } from 'react';
import { formatViewLink, type ViewLink } from '@/lib/review/view-link.ts';

/** Copies a link to this page that restores the given view (selected ranges, focused cell). */
export function ShareLinkButton({ view }: { view: Partial<ViewLink> }) {
  const [copied, setCopied] = useState(false);
  const query = formatViewLink(view);
  const link = () => `${window.location.origin}${window.location.pathname}${query ? `?${query}` : ''}`;
  const copy = async () => {
    await navigator.clipboard?.writeText(link()).catch(() => {});
    window.history.replaceState(null, '', link());
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button type="button" className="secondary" data-testid="share-link" data-query={query} onClick={() => void copy()}>
      {copied ? 'Link copied' : 'Copy link to this view'}
    </button>
  );
}
