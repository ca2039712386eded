'use client';

import { useState } from 'react';
import type { Anchor } from '@/lib/review/anchor.ts';
import type { CommentView } from '@/lib/review/comments.ts';
import { AnchorLink } from './anchor-link.tsx';
import { CommentForm } from './comment-form.tsx';

interface Props {
  comments: CommentView[];
  runPath: string;
  onReply: (body: { body: string; parentId?: string }) => Promise<unknown>;
  onSelectAnchor?: (anchor: Anchor) => void;
}

/** Comments with their replies nested under them; each has an id (#comment-<id>) to jump to. */
export function CommentThread({ comments, runPath, onReply, onSelectAnchor }: Props) {
  const roots = comments.filter((c) => !c.parentId);
  if (!roots.length) return <p className="muted" data-testid="comments-empty">No comments yet.</p>;
  return (
    <ul className="plain" data-testid="comments">
      {roots.map((c) => <CommentItem key={c.id} comment={c} all={comments} runPath={runPath} onReply={onReply} onSelectAnchor={onSelectAnchor} />)}
    </ul>
  );
}

function CommentItem({ comment, all, runPath, onReply, onSelectAnchor }: { comment: CommentView; all: CommentView[] } & Omit<Props, 'comments'>) {
  const [replying, setReplying] = useState(false);
  const replies = all.filter((c) => c.parentId === comment.id);
  return (
    <li id={`comment-${comment.id}`} data-testid="comment">
      <div className="row" style={{ gap: 8 }}>
        <strong>{comment.author.name}</strong>
        <span className="muted">{comment.createdAt.slice(0, 16).replace('T', ' ')}{comment.editedAt ? ' (edited)' : ''}</span>
        {comment.anchor ? <AnchorLink anchor={comment.anchor} runPath={runPath} onSelect={onSelectAnchor} /> : null}
      </div>
      {/* Rendered by micromark on the server with raw HTML escaped and unsafe URLs dropped. */}
      <div className="comment-body" data-testid="comment-body" dangerouslySetInnerHTML={{ __html: comment.html }} />
      <button type="button" className="secondary" onClick={() => setReplying((r) => !r)}>Reply</button>
      {replying ? <CommentForm parentId={comment.id} submitLabel="Reply" onSubmit={async (b) => { await onReply(b); setReplying(false); }} /> : null}
      {replies.length ? (
        <ul className="plain" style={{ marginLeft: 24 }}>
          {replies.map((r) => <CommentItem key={r.id} comment={r} all={all} runPath={runPath} onReply={onReply} onSelectAnchor={onSelectAnchor} />)}
        </ul>
      ) : null}
    </li>
  );
}
