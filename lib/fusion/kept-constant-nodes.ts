import { isConstantValue } from '../onnx/constant-values.ts';
import type { GraphIndex } from '../onnx/graph-index.ts';

/**
 * Constant-only nodes among `removed` (shared Constant or weight-Transpose nodes) that a node
 * outside the removed set still reads, with the constant nodes they read in turn: they stay.
 */
export function keptConstantNodes(index: GraphIndex, removed: Set<string>): Set<string> {
  const kept = new Set<string>();
  const memo = new Map<string, boolean>();
  const isKept = (name: string) => !removed.has(name) || kept.has(name);
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of index.nodes) {
      const name = node.name ?? '';
      if (isKept(name)) continue;
      const outputs = node.output ?? [];
      const readOutside = outputs.some((v) => (index.consumers.get(v) ?? []).some((c) => isKept(c.name ?? '')));
      if (readOutside && outputs.every((v) => isConstantValue(index, v, memo))) {
        kept.add(name);
        changed = true;
      }
    }
  }
  return kept;
}
