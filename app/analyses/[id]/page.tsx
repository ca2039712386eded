import { AnalysisView } from '@/components/analysis/analysis-view.tsx';

export default async function AnalysisPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AnalysisView id={id} />;
}
