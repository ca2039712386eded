'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CompareAnalyses } from './compare-analyses.tsx';
import { CompareFusions } from './compare-fusions.tsx';

export function CompareView({ initial }: { initial: { a: string; b: string; fusions: string[] } }) {
  const router = useRouter();
  const [state, setState] = useState(initial);
  const update = (next: typeof state) => {
    setState(next);
    const q = new URLSearchParams();
    if (next.a) q.set('a', next.a);
    if (next.b) q.set('b', next.b);
    if (next.fusions.length) q.set('fusions', next.fusions.join(','));
    router.replace(`/compare?${q}`, { scroll: false });
  };
  return (
    <>
      <CompareAnalyses a={state.a} b={state.b} onChange={(a, b) => update({ ...state, a, b })} />
      <CompareFusions selected={state.fusions} onChange={(fusions) => update({ ...state, fusions })} />
    </>
  );
}
