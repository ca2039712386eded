import type { DecoderStructure, StructureSummary } from './decoder-structure.ts';

/** The serializable summary of a structure: per-block flags, widths, parameters and attention-free runs. */
export function summarizeStructure(structure: DecoderStructure): StructureSummary {
  const blocks = structure.blocks.map((b) => ({
    index: b.index,
    attention: b.attention !== null,
    ffn: b.ffn !== null,
    ffnWidth: b.ffn?.ffn?.width ?? null,
    attentionParameters: b.attention?.parameterCount ?? 0,
    ffnParameters: b.ffn?.parameterCount ?? 0,
  }));
  return {
    blockCount: blocks.length,
    hiddenSize: structure.hiddenSize,
    vocabSize: structure.vocabSize,
    inputs: structure.inputs,
    blocks,
    attentionFreeRuns: attentionFreeRuns(blocks),
    parameterCount: blocks.reduce((sum, b) => sum + b.attentionParameters + b.ffnParameters, 0),
    maxSequenceLength: structure.maxSequenceLength,
    weightDataType: structure.weightDataType,
  };
}

/** Maximal runs of consecutive blocks with an FFN and no attention, as inclusive [first, last]. */
export function attentionFreeRuns(blocks: Array<{ index: number; attention: boolean; ffn: boolean }>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const b of blocks) {
    const ffnOnly = b.ffn && !b.attention;
    const last = runs[runs.length - 1];
    if (ffnOnly && last && last[1] === b.index - 1) last[1] = b.index;
    else if (ffnOnly) runs.push([b.index, b.index]);
  }
  return runs;
}
