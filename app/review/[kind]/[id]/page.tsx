import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RunReview } from '@/components/review/run-review.tsx';
import { findRun, isRunKind, runPagePath } from '@/lib/review/run-ref.ts';
import { getDb } from '@/lib/db/prisma-client.ts';

export const dynamic = 'force-dynamic';

/** The discussion of one run on its own page: /review/analyses/:id, /review/fusions/:id. */
export default async function RunReviewPage({ params }: { params: Promise<{ kind: string; id: string }> }) {
  const { kind, id } = await params;
  const run = isRunKind(kind) ? await findRun(getDb(), { kind, id }) : null;
  if (!run) notFound();
  return (
    <>
      <h1>Review <span className="muted">{run.title}</span></h1>
      <p className="muted"><Link href={runPagePath(run)}>Open the run</Link> · status {run.status}</p>
      <RunReview kind={run.kind} id={run.id} />
    </>
  );
}
