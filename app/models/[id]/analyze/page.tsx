import Link from 'next/link';
import { NewAnalysisForm } from '@/components/analysis/new-analysis-form.tsx';

export default async function NewAnalysisPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <h1>New analysis</h1>
      <p className="muted"><Link href={`/models/${id}`}>← back to the model</Link></p>
      <NewAnalysisForm modelId={id} />
    </>
  );
}
