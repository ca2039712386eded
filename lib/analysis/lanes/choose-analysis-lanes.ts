import { freemem } from 'node:os';
import type { DependencyMatrixOptions } from '../dependency-matrix.ts';
import { normalizeRows } from '../matrix-rows.ts';
import { estimateLaneBytes, structureForPlanning } from './lane-memory-estimate.ts';
import { physicalCores } from './physical-cores.ts';
import { AUTOMATIC_LANES_FROM_THREADS, planAnalysisLanes, type LanePlan } from './plan-analysis-lanes.ts';

/**
 * The lanes an analysis runs in, or null for one engine in this thread: with `lanes` 1, with one
 * thread, with fewer threads than automatic lanes start from, or when the plan comes to one lane (one
 * row, too little memory).
 */
export function chooseAnalysisLanes(options: DependencyMatrixOptions): LanePlan | null {
  if (options.lanes !== undefined && (!Number.isInteger(options.lanes) || options.lanes < 1)) {
    throw new Error(`lanes must be a positive integer, got ${options.lanes}`);
  }
  const threads = options.intraOpThreads ?? physicalCores();
  if (options.lanes === 1 || threads < 2 || (options.lanes === undefined && threads < AUTOMATIC_LANES_FROM_THREADS)) return null;
  const structure = structureForPlanning(options.modelPath, { intraOpThreads: options.intraOpThreads }, options.sessionCacheDir);
  const blockCount = structure.blocks.length;
  const plan = planAnalysisLanes({
    threads, rows: normalizeRows(options.rows, blockCount), blockCount, requested: options.lanes,
    laneBytes: estimateLaneBytes(options.modelPath, structure, options.tokens.length), availableBytes: availableMemory(),
  });
  return plan.lanes.length > 1 ? plan : null;
}

/** Free memory, within the process's memory limit (cgroup) when it has one. */
function availableMemory(): number {
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 ? Math.min(freemem(), limit - process.memoryUsage.rss()) : freemem();
}
