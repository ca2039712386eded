import type { StructureSummary } from './decoder-structure.ts';

/** A plain-text report of a structure summary: model facts, then one row per block. */
export function formatStructureTable(summary: StructureSummary): string {
  const runs = summary.attentionFreeRuns.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ') || 'none';
  const inputs = summary.inputs.filter((i) => i.role !== 'past_key_values');
  const pasts = summary.inputs.length - inputs.length;
  const header = [
    `blocks: ${summary.blockCount}   hidden: ${summary.hiddenSize}   vocab: ${summary.vocabSize}   block parameters: ${summary.parameterCount.toLocaleString('en-US')}`,
    ...(summary.weightDataType ? [`weights: ${summary.weightDataType}`] : []),
    `inputs: ${inputs.map((i) => `${i.name} (${i.elemType} [${i.dims.join(', ')}])`).join(', ')}${pasts ? ` + ${pasts} past_key_values inputs` : ''}`,
    `max sequence length: ${summary.maxSequenceLength ?? 'not fixed by the graph'}`,
    `attention-free runs: ${runs}`,
    '',
  ];
  const rows = summary.blocks.map((b) => [
    String(b.index), b.attention ? 'yes' : '-', b.ffn ? 'yes' : '-', b.ffnWidth === null ? '-' : String(b.ffnWidth),
    b.attentionParameters.toLocaleString('en-US'), b.ffnParameters.toLocaleString('en-US'),
  ]);
  return [...header, ...table(['block', 'attention', 'ffn', 'ffn width', 'attn params', 'ffn params'], rows)].join('\n');
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
