import * as ort from 'onnxruntime-node';
import { buildIntactStreamHead, intactStreamNames as names } from './heads/intact-stream-head.ts';
import type { ReferenceContribution } from './measurement-references.ts';
import { zeroReference } from './intact-pass.ts';
import { sessionOptions, type SessionSettings } from './session-settings.ts';
import type { BlockMetrics } from './types.ts';

/** [sequences, seqLen, hidden]: the shape of every stream X_k. */
export type StreamDims = readonly [number, number, number];

/** Arrays to write h^k and its per-token squared norms into, for blocks k >= referencesFrom (index k - referencesFrom). */
export interface ReferenceArrays {
  contributions: Float32Array[];
  norms: Float32Array[];
}

export interface IntactStreamMeasurements {
  /** Every block's metrics; dropOneKl is all null (it comes with the matrix rows). */
  blockMetrics: BlockMetrics;
  /** h^k and its per-token squared norms for blocks k >= referencesFrom; zero rows before (no requested variant reaches them). */
  references: ReferenceContribution[];
}

/**
 * The block metrics and the reference contributions from the intact stream X_0..X_L, in one run
 * of one measurement graph (heads/intact-stream-head.ts) instead of a run per block:
 * - inputOutputCosineDistance[k] = blockInfluence[k] = mean_t (1 - cos(X_k,t, X_k+1,t)) (with
 *   per-token cosine, ShortGPT's 1 - mean_t cos is the same number, reported under both names);
 * - contributionNormRatio[k] = mean_t ||X_k+1,t - X_k,t|| / ||X_k,t||.
 */
export async function measureIntactStream(
  settings: SessionSettings, stream: Float32Array[], dims: StreamDims, referencesFrom: number, memory?: ReferenceArrays,
): Promise<IntactStreamMeasurements> {
  const blockCount = stream.length - 1;
  // elementary ops with nothing to fuse: optimizing the graph would take longer than running it
  const options = { ...sessionOptions(settings), graphOptimizationLevel: 'disabled' as const };
  const session = await ort.InferenceSession.create(buildIntactStreamHead(blockCount, referencesFrom), options);
  try {
    const [sequences, seqLen, hidden] = dims;
    const tokens = sequences * seqLen;
    // the references are written by ORT straight into arrays given here (no second copy of them)
    const fetches: Record<string, ort.Tensor | null> = {};
    for (const name of session.outputNames) fetches[name] = null;
    for (let k = referencesFrom; k < blockCount; k++) {
      const at = k - referencesFrom;
      fetches[names.reference(k)] = new ort.Tensor('float32', memory?.contributions[at] ?? new Float32Array(tokens * hidden), [...dims]);
      fetches[names.referenceNorms(k)] = new ort.Tensor('float32', memory?.norms[at] ?? new Float32Array(tokens), [sequences, seqLen]);
    }
    const out = await session.run(Object.fromEntries(stream.map((x, k) => [names.stream(k), new ort.Tensor('float32', x, [...dims])])), fetches);
    const scalar = (name: string) => (out[name].data as Float32Array)[0];
    const influence = Array.from({ length: blockCount }, (_, k) => scalar(names.influence(k)));
    const zero = zeroReference(hidden);
    return {
      blockMetrics: {
        inputOutputCosineDistance: influence, blockInfluence: [...influence],
        contributionNormRatio: Array.from({ length: blockCount }, (_, k) => scalar(names.ratio(k))),
        dropOneKl: new Array(blockCount).fill(null),
      },
      references: Array.from({ length: blockCount }, (_, k) =>
        (k < referencesFrom ? zero : { ref: out[names.reference(k)], rr: out[names.referenceNorms(k)] })),
    };
  } finally {
    await session.release();
  }
}
