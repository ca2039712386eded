'use client';

import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { parseViewLink, type ViewLink } from '@/lib/review/view-link.ts';

/** The ranges and cell a shared link asks the run's page to show (`?range=6-14&cell=3,7`). */
export function useViewLink(blockCount: number): ViewLink {
  const params = useSearchParams();
  const search = params?.toString() ?? '';
  return useMemo(() => parseViewLink(search, blockCount), [search, blockCount]);
}
