import { FusionRunView } from '@/components/fusion/fusion-run-view.tsx';

export default async function FusionRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FusionRunView id={id} />;
}
