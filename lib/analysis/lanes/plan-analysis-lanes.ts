import { variantEvaluations } from '../matrix-rows.ts';

/**
 * Automatic lanes: from 8 threads on, one per 8 threads and at least two. onnxruntime's operators on
 * one calibration batch keep few threads busy: on a 16-core host the demo's forward pass is 5.7x
 * faster with 16 threads than with 1, 3.6x with 8 and 1.8x with 2, so from 8 threads on two engines
 * finish its matrix sooner than one, while with 2 threads a second engine's own intact pass costs
 * what it saves (lib/analysis/DEPENDENCY-MATRIX.md has the figures).
 */
export const AUTOMATIC_LANES_FROM_THREADS = 8;
const AUTOMATIC_THREADS_PER_LANE = 8;
/** Lanes may take at most this share of the memory available when the analysis starts. */
const MEMORY_SHARE = 0.5;

export interface LanePlanInput {
  /** Threads the analysis may use in all. */
  threads: number;
  /** The requested rows, ascending. */
  rows: number[];
  blockCount: number;
  /** Lanes asked for (none: chosen from the threads and the memory). */
  requested?: number;
  /** What one lane is expected to hold in memory, and what is available. */
  laneBytes: number;
  availableBytes: number;
}

export interface LanePlan {
  /** The rows of each lane, ascending; one entry per lane. */
  lanes: number[][];
  threadsPerLane: number;
}

/**
 * How many engines share the rows, and which rows each computes. Each lane opens the model and
 * runs the intact pass itself (its own L block evaluations), then its variants. The lane count is
 * the one asked for, or the automatic count as far as half the available memory holds them; never
 * more than the rows or the threads. Rows go to the lane with the fewest block evaluations so far,
 * the most expensive first (row i costs L-1-i), so that the lanes finish together.
 */
export function planAnalysisLanes(input: LanePlanInput): LanePlan {
  const fitting = Math.floor((input.availableBytes * MEMORY_SHARE) / Math.max(1, input.laneBytes));
  const wanted = input.requested ?? Math.min(automaticLanes(input.threads), fitting);
  const count = Math.max(1, Math.min(wanted, input.rows.length, input.threads));
  const lanes = Array.from({ length: count }, () => ({ rows: [] as number[], cost: input.blockCount }));
  for (const row of input.rows) {
    const lightest = lanes.reduce((a, b) => (b.cost < a.cost ? b : a));
    lightest.rows.push(row);
    lightest.cost += variantEvaluations(row, input.blockCount) + 1;
  }
  return { lanes: lanes.map((lane) => lane.rows.sort((a, b) => a - b)), threadsPerLane: Math.max(1, Math.floor(input.threads / count)) };
}

function automaticLanes(threads: number): number {
  return threads < AUTOMATIC_LANES_FROM_THREADS ? 1 : Math.max(2, Math.floor(threads / AUTOMATIC_THREADS_PER_LANE));
}
