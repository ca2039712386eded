import Link from 'next/link';
import { HealthOverview } from '@/components/health-overview.tsx';
import { RecentRuns } from '@/components/recent-runs.tsx';

export default function DashboardPage() {
  return (
    <>
      <h1>Dashboard</h1>
      <p className="muted">
        Load an ONNX decoder, compute its block dependency matrix, and fuse runs of FFN blocks into wide parallel FFNs.
        Start from the <Link href="/models">models</Link>; find every analysis and fusion run on the <Link href="/runs">runs</Link> page and the queue on the <Link href="/jobs">jobs</Link> page.
      </p>
      <HealthOverview />
      <RecentRuns />
    </>
  );
}
