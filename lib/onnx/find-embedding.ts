import type { GraphIndex } from './graph-index.ts';
import type { NodeProto } from './onnx-types.ts';
import { storedInitializer } from './stored-initializer.ts';
import { tensorDims } from './tensor-data.ts';

export interface EmbeddingLookup {
  node: NodeProto;
  /** The [vocab, hidden] table: the stored initializer (behind any Identity or float Cast). */
  table: string;
  /** Element type of the stored table (TensorProto.DataType). */
  dataType: number;
  vocabSize: number;
  hiddenSize: number;
  /** The graph input holding the token ids. */
  inputIds: string;
}

/**
 * Gathers that look ids (a graph input, possibly through Cast) up in a 2-D table (an initializer,
 * possibly through Identity or a float Cast, as half-precision tables are stored): the token
 * embedding and, in some models, learned or cached position tables. The caller picks the one
 * whose vocabulary the LM head projects to.
 */
export function findEmbeddingCandidates(index: GraphIndex): EmbeddingLookup[] {
  const found: EmbeddingLookup[] = [];
  for (const node of index.nodes) {
    if (node.opType !== 'Gather') continue;
    const [data, ids] = node.input ?? [];
    const table = storedInitializer(index, data ?? '');
    const tensor = table ? index.initializers.get(table) : undefined;
    const dims = tensor ? tensorDims(tensor) : [];
    const inputIds = graphInputBehind(index, ids);
    if (table && tensor && dims.length === 2 && inputIds) {
      found.push({ node, table, dataType: tensor.dataType ?? 0, vocabSize: dims[0], hiddenSize: dims[1], inputIds });
    }
  }
  return found;
}

function graphInputBehind(index: GraphIndex, value: string): string | null {
  if (index.graphInputs.has(value)) return value;
  const node = index.producer.get(value);
  if (node && (node.opType === 'Cast' || node.opType === 'Identity')) return graphInputBehind(index, node.input?.[0] ?? '');
  return null;
}
