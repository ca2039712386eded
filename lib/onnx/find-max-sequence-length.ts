import type { GraphIndex } from './graph-index.ts';
import { storedInitializer } from './stored-initializer.ts';
import { tensorDims } from './tensor-data.ts';
import { WEIGHT_DATA_TYPES } from './weight-data-type.ts';

/**
 * The size of a position table (a Gather from a 2-D float initializer, possibly through a Cast,
 * other than the token embedding, e.g. cached rotary cos/sin or learned positions), which bounds
 * the sequence length; else null.
 */
export function findMaxSequenceLength(index: GraphIndex, embeddingTable: string): number | null {
  for (const node of index.nodes) {
    if (node.opType !== 'Gather') continue;
    const table = storedInitializer(index, node.input?.[0] ?? '');
    const tensor = table && table !== embeddingTable ? index.initializers.get(table) : undefined;
    const dims = tensor ? tensorDims(tensor) : [];
    if (dims.length === 2 && WEIGHT_DATA_TYPES.has(tensor?.dataType ?? 0)) return dims[0];
  }
  return null;
}
