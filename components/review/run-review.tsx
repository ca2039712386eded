'use client';

import type { Anchor } from '@/lib/review/anchor.ts';
import type { RunKind } from '@/lib/review/run-ref.ts';
import { QueryState } from '../query-state.tsx';
import { CommentForm } from './comment-form.tsx';
import { CommentThread } from './comment-thread.tsx';
import { ReviewStatus } from './review-status.tsx';
import { RunHistoryList } from './run-history-list.tsx';
import { useRunActions, useRunComments, useRunHistory, useRunReview } from './use-run-review.ts';

interface Props {
  kind: RunKind;
  id: string;
  /** The range or cell selected on the heatmap, offered as the new comment's anchor. */
  selection?: Anchor | null;
  /** Called when an anchored comment's badge is clicked, to show that cell or range on the heatmap. */
  onSelectAnchor?: (anchor: Anchor) => void;
}

/** Review state, threaded comments and history of one analysis or fusion run: drop it into the run's page. */
export function RunReview({ kind, id, selection, onSelectAnchor }: Props) {
  const review = useRunReview(kind, id);
  const comments = useRunComments(kind, id);
  const history = useRunHistory(kind, id);
  const actions = useRunActions(kind, id);
  const runPath = `/${kind}/${id}`;
  return (
    <section aria-label="Review" data-testid="run-review">
      <h2 style={{ fontSize: 16 }}>Review</h2>
      <QueryState isLoading={review.isLoading} error={review.error}>
        {review.data ? <ReviewStatus review={review.data} onReview={actions.review} onAskReviewer={actions.askReviewer} /> : null}
      </QueryState>
      <h3 style={{ fontSize: 15 }}>Comments</h3>
      <QueryState isLoading={comments.isLoading} error={comments.error}>
        <CommentThread comments={comments.data ?? []} runPath={runPath} onReply={actions.comment} onSelectAnchor={onSelectAnchor} />
      </QueryState>
      <CommentForm key={selection ? JSON.stringify(selection) : 'none'} initialAnchor={selection} onSubmit={actions.comment} />
      <h3 style={{ fontSize: 15 }}>History</h3>
      <QueryState isLoading={history.isLoading} error={history.error}>
        <RunHistoryList events={history.data ?? []} />
      </QueryState>
    </section>
  );
}
