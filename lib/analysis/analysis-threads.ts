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

/**
 * Most dropped-block variants stacked into one run in a worker: FUSIONSCOPE_VARIANT_BATCH. Unset,
 * the engine stacks up to about 8,192 tokens per run within its memory budget; smaller stacks also
 * store rows sooner (the heatmap fills steadily, a killed job loses less).
 */
export function analysisVariantBatch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return positiveIntegerFromEnv('FUSIONSCOPE_VARIANT_BATCH', env);
}
