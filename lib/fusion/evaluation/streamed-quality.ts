import * as ort from 'onnxruntime-node';
import { validateTokens } from '../../analysis/analysis-input.ts';
import { availableMemoryBytes } from '../../analysis/memory/available-memory.ts';
import type { SessionSettings } from '../../analysis/session-settings.ts';
import type { SideValues } from '../../analysis/side-values.ts';
import { createStageSession } from '../../analysis/stage-session.ts';
import { sameStage } from '../../streaming/same-stage.ts';
import { pickInputs, runBlockInChunks, runPrologue } from '../../streaming/staged-decoder.ts';
import { openDecoder, type OpenedDecoder } from '../../analysis/decoder-source.ts';
import { parameterCount } from './model-facts.ts';
import { NextTokenStats, type NextTokenQuality } from './next-token-stats.ts';

export interface StreamedQualityOptions {
  referencePath: string;
  candidatePath: string;
  /** Whole sequences of seqLen, one after another. */
  tokens: BigInt64Array;
  seqLen: number;
  settings: SessionSettings;
  /** Sequences per block run (default 8). */
  sequencesPerRun?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface StreamedQuality extends NextTokenQuality {
  /** Stages run once for both models (the prologue and the blocks before the first difference). */
  sharedStages: number;
  structures: { reference: OpenedDecoder['structure']; candidate: OpenedDecoder['structure'] };
  parameters: { reference: number; candidate: number };
}

/**
 * Next-token quality of a candidate against a reference without holding either model: both are
 * streamed stage by stage (one stage's weights at a time). The stages the two share, from the
 * prologue up to the first block that differs (everything before a fused range), run once for
 * both; then each model's remaining blocks run on its own stream, and the epilogue gives both
 * models' logits for a few sequences at a time (one session when the epilogues are the same).
 */
export async function compareQualityStreamed(options: StreamedQualityOptions): Promise<StreamedQuality> {
  const { seqLen, settings } = options;
  const reference = openDecoder(options.referencePath);
  const candidate = openDecoder(options.candidatePath);
  const vocab = reference.structure.vocabSize;
  if (candidate.structure.vocabSize !== vocab) throw new Error(`the models' vocabularies differ (${vocab} vs ${candidate.structure.vocabSize})`);
  if (candidate.structure.hiddenSize !== reference.structure.hiddenSize) {
    throw new Error(`the models' hidden sizes differ (${reference.structure.hiddenSize} vs ${candidate.structure.hiddenSize})`);
  }
  const sequences = validateTokens(options.tokens, seqLen, reference.structure);
  const hidden = reference.structure.hiddenSize;
  const dims = { sequences, seqLen, hidden };
  const perRun = Math.max(1, options.sequencesPerRun ?? 8);
  const same = (a: OpenedDecoder, stageA: OpenedDecoder['partition']['prologue'], b: OpenedDecoder, stageB: OpenedDecoder['partition']['prologue']) =>
    sameStage({ source: a.model, stage: stageA.model }, { source: b.model, stage: stageB.model })
    && JSON.stringify(stageA.inputs) === JSON.stringify(stageB.inputs) && JSON.stringify(stageA.outputs) === JSON.stringify(stageB.outputs);

  const Lr = reference.partition.blocks.length;
  const Lc = candidate.partition.blocks.length;
  const total = Lr + Lc + 3;
  let done = 0;
  const step = () => options.onProgress?.(++done, total);

  const sharedPrologue = same(reference, reference.partition.prologue, candidate, candidate.partition.prologue);
  const refStart = await runPrologue(reference, options.tokens, sequences, seqLen, settings);
  const candStart = sharedPrologue ? refStart : await runPrologue(candidate, options.tokens, sequences, seqLen, settings);
  step();
  let shared = 0;
  if (sharedPrologue) {
    while (shared < Math.min(Lr, Lc) && same(reference, reference.partition.blocks[shared], candidate, candidate.partition.blocks[shared])) shared++;
  }
  const runBlocks = async (decoder: OpenedDecoder, from: number, to: number, stream: Float32Array, sides: SideValues) => {
    for (let j = from; j < to; j++) {
      const stage = decoder.partition.blocks[j];
      const session = await createStageSession(decoder.model, stage.model, `block_${j}`, settings);
      try {
        stream = await runBlockInChunks(session, stage.inputs, stage.outputs[0], stream, sides, dims, perRun);
      } finally {
        await session.release();
      }
      step();
    }
    return stream;
  };
  const common = await runBlocks(reference, 0, shared, refStart.stream, refStart.sides);
  done += shared;
  const refEnd = await runBlocks(reference, shared, Lr, common, refStart.sides);
  const candEnd = await runBlocks(candidate, shared, Lc, sharedPrologue ? common : candStart.stream, candStart.sides);

  const stats = new NextTokenStats(vocab);
  const sharedEpilogue = same(reference, reference.partition.epilogue, candidate, candidate.partition.epilogue);
  // both models' logits of one run, with their log-softmax, within a quarter of the free memory
  const logitsPerSequence = 3 * 4 * seqLen * vocab;
  const epiloguePerRun = Math.max(1, Math.min(perRun, Math.floor(availableMemoryBytes() / 4 / (2 * logitsPerSequence))));
  const refSession = await createStageSession(reference.model, reference.partition.epilogue.model, 'epilogue', settings);
  try {
    const candSession = sharedEpilogue ? refSession : await createStageSession(candidate.model, candidate.partition.epilogue.model, 'candidate_epilogue', settings);
    try {
      const rowLength = seqLen * hidden;
      for (let first = 0; first < sequences; first += epiloguePerRun) {
        const count = Math.min(epiloguePerRun, sequences - first);
        const part = (s: Float32Array) => s.subarray(first * rowLength, (first + count) * rowLength);
        const ids = options.tokens.subarray(first * seqLen, (first + count) * seqLen);
        const list = Array.from({ length: count }, (_, k) => first + k);
        let refLogits: Float32Array;
        let candLogits: Float32Array;
        if (sharedEpilogue) {
          const stacked = new Float32Array(2 * count * rowLength);
          stacked.set(part(refEnd));
          stacked.set(part(candEnd), count * rowLength);
          const logits = await runEpilogue(refSession, reference, stacked, refStart.sides, [...list, ...list], seqLen, hidden);
          refLogits = logits.subarray(0, logits.length / 2);
          candLogits = logits.subarray(logits.length / 2);
        } else {
          refLogits = await runEpilogue(refSession, reference, part(refEnd), refStart.sides, list, seqLen, hidden);
          candLogits = await runEpilogue(candSession, candidate, part(candEnd), candStart.sides, list, seqLen, hidden);
        }
        stats.add(refLogits, candLogits, ids, count, seqLen);
      }
    } finally {
      if (!sharedEpilogue) await candSession.release();
    }
  } finally {
    await refSession.release();
  }
  done = total - 1;
  step();
  return { ...stats.result(), sharedStages: (sharedPrologue ? 1 : 0) + shared, structures: { reference: reference.structure, candidate: candidate.structure },
    parameters: { reference: parameterCount(reference.model), candidate: parameterCount(candidate.model) },
  };
}

async function runEpilogue(
  session: ort.InferenceSession, decoder: OpenedDecoder, stream: Float32Array, sides: SideValues, list: number[], seqLen: number, hidden: number,
): Promise<Float32Array> {
  const stage = decoder.partition.epilogue;
  const [streamInput, ...sideInputs] = stage.inputs;
  const out = await session.run({
    ...pickInputs(sides.forSequences(list), sideInputs),
    [streamInput]: new ort.Tensor('float32', stream, [list.length, seqLen, hidden]),
  }, [stage.outputs[0]]);
  return out[stage.outputs[0]].data as Float32Array;
}
