import type { GraphProto } from './onnx-types.ts';

/**
 * Gives every node of the graph a non-empty name that no other node has: empty names become
 * `<OpType>_<index>`, repeated names get a `_<n>` suffix. Returns how many names changed.
 */
export function ensureUniqueNodeNames(graph: GraphProto): number {
  const nodes = graph.node ?? [];
  const taken = new Set<string>();
  const pending: number[] = [];
  nodes.forEach((node, i) => {
    if (node.name && !taken.has(node.name)) taken.add(node.name);
    else pending.push(i);
  });
  for (const i of pending) {
    const node = nodes[i];
    const base = node.name || `${node.opType ?? 'Node'}_${i}`;
    let name = base;
    for (let n = 1; taken.has(name); n++) name = `${base}_${n}`;
    node.name = name;
    taken.add(name);
  }
  return pending.length;
}
