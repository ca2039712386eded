/** How often a worker records that it is alive, and when silence means it is gone. */
export const HEARTBEAT_MS = Number(process.env.FUSIONSCOPE_HEARTBEAT_MS ?? 2_000);
export const WORKER_STALE_MS = Number(process.env.FUSIONSCOPE_WORKER_STALE_MS ?? 15_000);
