import type { GraphIndex } from './graph-index.ts';
import { tensorDims } from './tensor-data.ts';

/**
 * The size of a position table (a Gather from a 2-D initializer other than the token embedding,
 * e.g. cached rotary cos/sin or learned positions), which bounds the sequence length; else null.
 */
export function findMaxSequenceLength(index: GraphIndex, embeddingTable: string): number | null {
  for (const node of index.nodes) {
    if (node.opType !== 'Gather') continue;
    const table = node.input?.[0] ?? '';
    const tensor = table !== embeddingTable ? index.initializers.get(table) : undefined;
    const dims = tensor ? tensorDims(tensor) : [];
    if (dims.length === 2 && (tensor?.dataType === 1 || tensor?.dataType === 10)) return dims[0];
  }
  return null;
}
