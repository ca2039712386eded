'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { BlockRange } from '../heatmap/range-validation.ts';
import { fetchJson } from '../fetch-json.ts';

export function LaunchFusionButton({ modelId, analysisId, ranges, blocked }: { modelId: string; analysisId: string; ranges: BlockRange[]; blocked: boolean }) {
  const router = useRouter();
  const launch = useMutation({
    mutationFn: () => fetchJson<{ id: string }>('/api/fusions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ modelId, analysisId, ranges }),
    }),
    onSuccess: ({ id }) => router.push(`/fusions/${id}`),
  });
  return (
    <div style={{ marginTop: 12 }}>
      <button data-testid="launch-fusion" disabled={ranges.length === 0 || blocked || launch.isPending} onClick={() => launch.mutate()}>
        {launch.isPending ? 'Launching…' : `Launch fusion run${ranges.length ? ` (${ranges.length} range${ranges.length > 1 ? 's' : ''})` : ''}`}
      </button>
      {blocked ? <div className="error" style={{ fontSize: 12 }}>Fix the errors above to launch.</div> : null}
      {launch.error ? <div className="error" role="alert">{launch.error.message}</div> : null}
    </div>
  );
}
