import { ModelDetailView } from '@/components/models/model-detail-view.tsx';

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ModelDetailView id={id} />;
}
