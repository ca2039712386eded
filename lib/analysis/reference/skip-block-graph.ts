import { cloneMessage } from '../../onnx/clone-message.ts';
import type { OnnxModel } from '../../onnx/onnx-model.ts';
import type { GraphProto, ValueInfoProto } from '../../onnx/onnx-types.ts';

const FLOAT = 1;

/**
 * A copy of the full model where every consumer of `skipOutput` reads `skipInput` instead (the
 * block is skipped: the stream passes through it unchanged), with `extraOutputs` added as graph
 * outputs. `skipOutput` null leaves the graph unmodified apart from the outputs.
 */
export function rewriteSkippingBlock(
  model: OnnxModel, skip: { input: string; output: string } | null, extraOutputs: string[],
): OnnxModel {
  const graph = model.proto.graph as GraphProto;
  const rename = (name: string) => (skip && name === skip.output ? skip.input : name);
  const nodes = (graph.node ?? []).map((node) => {
    const copy = cloneMessage(node);
    copy.input = (node.input ?? []).map(rename);
    return copy;
  });
  const existing = new Set((graph.output ?? []).map((o) => o.name));
  const outputs: ValueInfoProto[] = (graph.output ?? []).map((o) => {
    if (skip && o.name === skip.output) throw new Error(`reference: block output ${o.name} is itself a graph output`);
    return o;
  });
  for (const name of extraOutputs) if (!existing.has(name)) outputs.push(floatOutput(name));
  const newGraph = cloneMessage(graph);
  newGraph.node = nodes;
  newGraph.output = outputs;
  const proto = cloneMessage(model.proto);
  proto.graph = newGraph;
  return { ...model, proto };
}

function floatOutput(name: string): ValueInfoProto {
  return { name, type: { tensorType: { elemType: FLOAT } } };
}
