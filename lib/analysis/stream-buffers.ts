/**
 * The large arrays of an analysis (the intact stream X_1..X_L and the references h^k, each one
 * calibration batch of hidden states), kept after the analysis for the next one in the same
 * thread: the next row-range job of a model, or its next analysis, then writes into memory that is
 * already mapped instead of page-faulting 2·L fresh batches in (about 24 thousand faults for the
 * demo model, 2–3 µs each on a small VM), and the previous arrays do not linger beside the new
 * ones until the garbage collector frees them. Only the last analysis's arrays are kept, and they
 * are let go after a short idle time.
 */
const IDLE_RELEASE_MS = 30_000;

let spare: Float32Array[] = [];
let releaseTimer: ReturnType<typeof setTimeout> | undefined;

/** Hands out arrays of a given length (contents unspecified: every user overwrites them whole). */
export type StreamBufferSource = (length: number) => Float32Array;

/** Runs `work` with a source of arrays, and keeps the arrays it took for the next analysis. */
export async function withStreamBuffers<T>(work: (take: StreamBufferSource) => Promise<T>): Promise<T> {
  clearTimeout(releaseTimer);
  const taken: Float32Array[] = [];
  const take: StreamBufferSource = (length) => {
    const index = spare.findIndex((b) => b.length === length);
    const buffer = index >= 0 ? spare.splice(index, 1)[0] : new Float32Array(length);
    taken.push(buffer);
    return buffer;
  };
  try {
    return await work(take);
  } finally {
    spare = taken;
    releaseTimer = setTimeout(() => { spare = []; }, IDLE_RELEASE_MS);
    releaseTimer.unref();
  }
}
