import Link from 'next/link';
import { HealthOverview } from '@/components/health-overview.tsx';

export default function DashboardPage() {
  return (
    <>
      <h1>Dashboard</h1>
      <p className="muted">
        Load an ONNX decoder, compute its block dependency matrix, and fuse runs of FFN blocks into wide parallel FFNs.
        Start from the <Link href="/models">models</Link>; follow the work on the <Link href="/jobs">jobs</Link> page.
      </p>
      <HealthOverview />
    </>
  );
}
