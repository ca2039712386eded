import type { ReactNode } from 'react';

export function QueryState({ isLoading, error, children }: { isLoading: boolean; error: Error | null; children: ReactNode }) {
  if (isLoading) return <p className="muted" role="status">Loading…</p>;
  if (error) return <p className="error" role="alert">Could not load: {error.message}</p>;
  return <>{children}</>;
}
