import * as ort from 'onnxruntime-node';
import { buildModelFeeds } from '../onnx/build-model-feeds.ts';
import { promotedInputSpecs } from '../onnx/promote-to-float32.ts';
import type { OpenedDecoder } from '../analysis/decoder-source.ts';
import { classifySideValues, type SideValues } from '../analysis/side-values.ts';
import { createStageSession } from '../analysis/stage-session.ts';
import type { SessionSettings } from '../analysis/session-settings.ts';

/**
 * A decoder run stage by stage: the prologue once, then each block (or the epilogue) loaded,
 * run over the streams in chunks of whole sequences, and released. Shared by the dependency
 * analysis and by the streamed comparison of two models, so that neither ever holds more than one
 * stage's weights.
 */
export interface PrologueResult {
  /** X_0, [sequences, seqLen, hidden]. */
  stream: Float32Array;
  sides: SideValues;
}

/**
 * The prologue, loaded once: X_0 and the side values of the calibration batch, and of the batch
 * twice over so that the side values of any list of sequences can be made without running it
 * again (side-values.ts). Released before returning.
 */
export async function runPrologue(
  decoder: OpenedDecoder, tokens: BigInt64Array, sequences: number, seqLen: number, settings: SessionSettings,
  time: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): Promise<PrologueResult> {
  const { model, structure, partition } = decoder;
  const session = await createStageSession(model, partition.prologue.model, 'prologue', settings);
  try {
    // the promoted prologue takes half-precision inputs (an empty past) as float32
    const inputs = promotedInputSpecs(structure.inputs);
    const feeds = (ids: BigInt64Array, batch: number) => pickInputs(buildModelFeeds(inputs, ids, batch, seqLen), session.inputNames);
    const single = await time(() => session.run(feeds(tokens, sequences)));
    const doubledTokens = new BigInt64Array(2 * tokens.length);
    doubledTokens.set(tokens);
    doubledTokens.set(tokens, tokens.length);
    const doubled = partition.sideValues.length > 0 ? await time(() => session.run(feeds(doubledTokens, 2 * sequences))) : null;
    const stream = single[partition.prologue.outputs[0]].data as Float32Array;
    return { stream, sides: classifySideValues(partition.sideValues, single, doubled, sequences) };
  } finally {
    await session.release();
  }
}

/**
 * Runs one block over a stream [sequences, seqLen, hidden] in runs of at most `sequencesPerRun`
 * sequences; returns the block's output stream. The session is the caller's (created with
 * createStageSession on the block's stage model).
 */
export async function runBlockInChunks(
  session: ort.InferenceSession, inputs: readonly string[], output: string, stream: Float32Array, sides: SideValues,
  dims: { sequences: number; seqLen: number; hidden: number }, sequencesPerRun: number,
): Promise<Float32Array> {
  const { sequences, seqLen, hidden } = dims;
  const rowLength = seqLen * hidden;
  const [streamInput, ...sideInputs] = inputs;
  const out = new Float32Array(stream.length);
  for (let first = 0; first < sequences; first += sequencesPerRun) {
    const count = Math.min(sequencesPerRun, sequences - first);
    const list = Array.from({ length: count }, (_, k) => first + k);
    const result = await session.run({
      ...pickInputs(sides.forSequences(list), sideInputs),
      [streamInput]: new ort.Tensor('float32', stream.subarray(first * rowLength, (first + count) * rowLength), [count, seqLen, hidden]),
    }, [output]);
    out.set(result[output].data as Float32Array, first * rowLength);
  }
  return out;
}

export function pickInputs<T>(values: Record<string, T>, names: readonly string[]): Record<string, T> {
  return Object.fromEntries(names.map((n) => {
    if (!(n in values)) throw new Error(`no value for stage input "${n}"`);
    return [n, values[n]];
  }));
}
