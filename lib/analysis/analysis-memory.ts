import type { ReferenceArrays } from './intact-stream-measurements.ts';
import { prefaultedBuffers } from './prefaulted-buffers.ts';

/** The arrays an analysis writes into, [sequences * seqLen * hidden] each (norms: [sequences * seqLen]). */
export interface AnalysisMemory {
  /** X_1..X_L: the intact pass's output stream of every block. */
  streams: Promise<Float32Array[]>;
  /** h^k and its per-token squared norms for blocks k >= referencesFrom (indexed by k - referencesFrom). */
  references: Promise<ReferenceArrays>;
}

export interface AnalysisMemoryLayout {
  blocks: number;
  tokens: number;
  hidden: number;
  /** The first block a variant is measured at (blocks: none). */
  referencesFrom: number;
}

/**
 * Reserves an analysis's large arrays (2·L copies of the calibration batch for all rows). With
 * `prefault`, their memory is mapped by a helper thread (prefaulted-buffers.ts), started before the
 * sessions are loaded so that the mapping happens meanwhile; the streams come first, since the
 * intact pass needs them first. Without, they are plain allocations, mapped as they are written.
 */
export function reserveAnalysisMemory({ blocks, tokens, hidden, referencesFrom }: AnalysisMemoryLayout, { prefault }: { prefault: boolean }): AnalysisMemory {
  const streamBytes = tokens * hidden * 4;
  const referenceCount = Math.max(0, blocks - referencesFrom);
  const sizes = [
    ...new Array<number>(blocks).fill(streamBytes),
    ...new Array<number>(referenceCount).fill(streamBytes),
    ...new Array<number>(referenceCount).fill(tokens * 4),
  ];
  const buffers = prefault ? prefaultedBuffers(sizes) : sizes.map(async (size) => new ArrayBuffer(size));
  const floats = (part: Array<Promise<ArrayBuffer>>) => Promise.all(part).then((all) => all.map((b) => new Float32Array(b)));
  const contributions = floats(buffers.slice(blocks, blocks + referenceCount));
  const norms = floats(buffers.slice(blocks + referenceCount));
  return {
    streams: unobservedIsFine(floats(buffers.slice(0, blocks))),
    references: unobservedIsFine(Promise.all([contributions, norms]).then(([c, n]) => ({ contributions: c, norms: n }))),
  };
}

/** An analysis that fails before it needs its memory never awaits it: no unhandled rejection then. */
function unobservedIsFine<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
