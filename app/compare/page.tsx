import { CompareView } from '@/components/compare/compare-view.tsx';

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default async function ComparePage({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  const fusions = one(q.fusions).split(',').filter(Boolean);
  return (
    <>
      <h1>Compare</h1>
      <CompareView initial={{ a: one(q.a), b: one(q.b), fusions }} />
    </>
  );
}
