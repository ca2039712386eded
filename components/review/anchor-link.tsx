'use client';

import { anchorQuery, describeAnchor, type Anchor } from '@/lib/review/anchor.ts';

/** A link to the run's page showing the anchored cell or range (?cell=i,j or ?range=a-b). */
export function AnchorLink({ anchor, runPath, onSelect }: { anchor: Anchor; runPath: string; onSelect?: (anchor: Anchor) => void }) {
  return (
    <a href={`${runPath}?${anchorQuery(anchor)}`} className="badge" data-testid="comment-anchor"
      onClick={onSelect ? (e) => { e.preventDefault(); onSelect(anchor); } : undefined}>
      {describeAnchor(anchor)}
    </a>
  );
}
