import { parseByteSize } from './memory/available-memory.ts';

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

/** Memory an analysis may use: FUSIONSCOPE_MEMORY_BUDGET (e.g. 6GB), or what the machine has available when unset. */
export function memoryBudgetFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.FUSIONSCOPE_MEMORY_BUDGET;
  if (!raw) return undefined;
  const bytes = parseByteSize(raw);
  if (bytes === null) throw new Error(`FUSIONSCOPE_MEMORY_BUDGET must be a size such as 6GB, 512MB or 2.5GiB, got "${raw}"`);
  return bytes;
}
