import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * The threads onnxruntime takes by default: one per physical core (Linux: the distinct core ids of
 * /proc/cpuinfo within the CPUs this process may use), or one per logical CPU where that cannot be told.
 */
export function physicalCores(): number {
  cores ??= countPhysicalCores();
  return cores;
}

/** Read once per thread: every analysis that is not given its threads asks. */
let cores: number | undefined;

function countPhysicalCores(): number {
  const logical = availableParallelism();
  try {
    const ids = new Set<string>();
    for (const block of readFileSync('/proc/cpuinfo', 'utf8').split(/\n\s*\n/)) {
      const physical = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
      const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
      if (physical !== undefined && core !== undefined) ids.add(`${physical}:${core}`);
    }
    return ids.size > 0 ? Math.min(ids.size, logical) : logical;
  } catch {
    return logical;
  }
}
