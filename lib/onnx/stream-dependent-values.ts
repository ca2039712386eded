import type { GraphIndex } from './graph-index.ts';

const SHAPE_ONLY_OPS = new Set(['Shape', 'Size']);

/**
 * Values whose computation reads the stream's data: `streamStart` and everything computed from
 * it, except what only reads its shape (HF builds masks and positions from inputs_embeds.shape).
 * Those shape-only values can be computed in the prologue, which has the embeddings.
 */
export function streamDependentValues(index: GraphIndex, streamStart: string): Set<string> {
  const dependent = new Set([streamStart]);
  for (const node of index.nodes) {
    const reads = (node.input ?? []).some((i) => dependent.has(i) && !(i === streamStart && SHAPE_ONLY_OPS.has(node.opType ?? '')));
    if (reads) for (const o of node.output ?? []) dependent.add(o);
  }
  return dependent;
}
