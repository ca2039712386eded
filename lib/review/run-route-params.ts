/** The params Next hands to /api/runs/[kind]/[id]/... handlers. */
export type RunRouteContext = { params: Promise<{ kind: string; id: string }> };
