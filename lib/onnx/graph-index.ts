import type { GraphProto, NodeProto, TensorProto } from './onnx-types.ts';

/** Lookup tables over a graph: who produces and who consumes each value, and the constants. */
export interface GraphIndex {
  graph: GraphProto;
  /** Nodes in topological order. */
  nodes: NodeProto[];
  /** Position of each node in `nodes`. */
  position: Map<NodeProto, number>;
  producer: Map<string, NodeProto>;
  consumers: Map<string, NodeProto[]>;
  initializers: Map<string, TensorProto>;
  graphInputs: Set<string>;
  graphOutputs: Set<string>;
}

export function buildGraphIndex(graph: GraphProto): GraphIndex {
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const graphInputs = new Set((graph.input ?? []).map((v) => v.name ?? '').filter((n) => !initializers.has(n)));
  const nodes = topologicalOrder(graph.node ?? [], new Set([...initializers.keys(), ...graphInputs]));
  const producer = new Map<string, NodeProto>();
  const consumers = new Map<string, NodeProto[]>();
  for (const node of nodes) {
    for (const output of node.output ?? []) if (output) producer.set(output, node);
    for (const input of new Set(node.input ?? [])) {
      if (!input) continue;
      const list = consumers.get(input);
      if (list) list.push(node);
      else consumers.set(input, [node]);
    }
  }
  const position = new Map(nodes.map((n, i) => [n, i]));
  const graphOutputs = new Set((graph.output ?? []).map((v) => v.name ?? ''));
  return { graph, nodes, position, producer, consumers, initializers, graphInputs, graphOutputs };
}

/** Nodes in the file's order when it is topological (the spec requires it), else sorted. */
function topologicalOrder(nodes: NodeProto[], available: Set<string>): NodeProto[] {
  const known = new Set(available);
  let sorted = true;
  for (const node of nodes) {
    if ((node.input ?? []).some((i) => i && !known.has(i) && producedLater(i, nodes))) sorted = false;
    for (const o of node.output ?? []) known.add(o);
  }
  return sorted ? nodes : kahnSort(nodes, available);
}

function producedLater(value: string, nodes: NodeProto[]): boolean {
  return nodes.some((n) => (n.output ?? []).includes(value));
}

function kahnSort(nodes: NodeProto[], available: Set<string>): NodeProto[] {
  const ready = new Set(available);
  const remaining = [...nodes];
  const out: NodeProto[] = [];
  while (remaining.length) {
    const index = remaining.findIndex((n) => (n.input ?? []).every((i) => !i || ready.has(i)));
    if (index < 0) throw new Error('the graph has a cycle or uses values nothing produces');
    const [node] = remaining.splice(index, 1);
    for (const o of node.output ?? []) ready.add(o);
    out.push(node);
  }
  return out;
}

