export interface RunLike {
  modelId: string;
  modelName: string;
  status: string;
  createdAt: string;
  createdBy?: { id: string; name: string; email: string } | null;
}

export interface RunFilter {
  modelId: string;
  status: string;
  /** A person's user id, or ALL. */
  createdById?: string;
  sort: 'newest' | 'oldest' | 'model' | 'status';
}

export const ALL = '';

/** Filter by model, status and creator, then sort; ties keep the newest first. */
export function filterRuns<T extends RunLike>(runs: ReadonlyArray<T>, f: RunFilter): T[] {
  const person = f.createdById ?? ALL;
  const kept = runs.filter((r) => (f.modelId === ALL || r.modelId === f.modelId) && (f.status === ALL || r.status === f.status)
    && (person === ALL || r.createdBy?.id === person));
  const newest = (a: T, b: T) => b.createdAt.localeCompare(a.createdAt);
  const by: Record<RunFilter['sort'], (a: T, b: T) => number> = {
    newest,
    oldest: (a, b) => -newest(a, b),
    model: (a, b) => a.modelName.localeCompare(b.modelName) || newest(a, b),
    status: (a, b) => a.status.localeCompare(b.status) || newest(a, b),
  };
  return [...kept].sort(by[f.sort]);
}
