function positiveIntegerFromEnv(name: string, env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** ORT intra-op threads for analysis runs: FUSIONSCOPE_THREADS, or ORT's own choice when unset. */
export function analysisThreads(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return positiveIntegerFromEnv('FUSIONSCOPE_THREADS', env);
}


/** Engines sharing an analysis's rows in workers: FUSIONSCOPE_LANES, or the engine's choice when unset. */
export function analysisLanes(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return positiveIntegerFromEnv('FUSIONSCOPE_LANES', env);
}
