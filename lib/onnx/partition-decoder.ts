import { buildStageModel, type StageContext } from './build-stage-model.ts';
import type { DecoderPartition } from './decoder-partition.ts';
import type { DecoderStructure } from './decoder-structure.ts';
import { streamDependentValues } from './stream-dependent-values.ts';
import { buildGraphIndex, type GraphIndex } from './graph-index.ts';
import { inferElemTypes } from './infer-elem-types.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { NodeProto } from './onnx-types.ts';

/** Prologue outputs that pass a graph input through to later stages get this suffix. */
const PASS_THROUGH_SUFFIX = '::side';

/**
 * Cuts the decoder into a prologue (inputs -> embeddings + side values), one stage per block
 * (block input + the side values it reads -> block output) and an epilogue (last stream value ->
 * logits). Side values are the values computed before the stream that later stages read (rotary
 * tables, masks, shape tensors); graph inputs read directly by a later stage pass through the
 * prologue under `<name>::side`. Each stage carries only the initializers it uses.
 */
export function partitionDecoder(model: OnnxModel, structure: DecoderStructure): DecoderPartition {
  const graph = model.proto.graph;
  if (!graph) throw new Error('the model has no graph');
  const index = buildGraphIndex(graph);
  const hidden = structure.hiddenSize;
  const boundaries = [structure.streamStart, ...structure.blocks.map((b) => b.output)];
  const context: StageContext = {
    model,
    index,
    elemTypes: inferElemTypes(index),
    shapes: new Map(boundaries.map((v) => [v, ['batch_size', 'sequence_length', hidden]])),
  };
  const sides = findSideValues(index, structure.streamStart);
  const sideName = (v: string) => (index.graphInputs.has(v) ? v + PASS_THROUGH_SUFFIX : v);
  const stage = (name: string, start: string | null, output: string) => {
    const nodes = backwardSlice(index, [output], new Set([...(start ? [start] : []), ...sides]));
    const used = sides.filter((s) => nodes.some((n) => (n.input ?? []).includes(s)));
    checkStageInputs(index, name, nodes, new Set([...(start ? [start] : []), ...used]));
    const renamed = new Map(used.filter((s) => index.graphInputs.has(s)).map((s) => [sideName(s), s]));
    return buildStageModel(context, { name, inputs: [start!, ...used.map(sideName)], outputs: [output], nodes, renamedInputs: renamed });
  };
  const blocks = structure.blocks.map((b) => stage(`block_${b.index}`, b.input, b.output));
  const epilogue = stage('epilogue', structure.streamEnd, structure.logits);
  const usedSides = sides.filter((s) => [...blocks, epilogue].some((st) => st.inputs.includes(sideName(s))));
  const prologue = prologueStage(context, structure, usedSides, sideName);
  return { prologue, blocks, epilogue, sideValues: usedSides.map(sideName) };
}

function prologueStage(context: StageContext, structure: DecoderStructure, sides: string[], sideName: (v: string) => string) {
  const { index } = context;
  const nodes = backwardSlice(index, [structure.streamStart, ...sides], new Set());
  const passThrough: NodeProto[] = sides.filter((s) => index.graphInputs.has(s)).map((s) => ({
    name: `prologue/pass_through/${s}`, opType: 'Identity', input: [s], output: [sideName(s)],
  }));
  const used = new Set([...nodes, ...passThrough].flatMap((n) => n.input ?? []));
  const inputs = structure.inputs.map((i) => i.name).filter((n) => used.has(n));
  const renamedOutputs = new Map(passThrough.map((n) => [n.output![0], n.input![0]]));
  const outputs = [structure.streamStart, ...sides.map(sideName)];
  return buildStageModel(context, { name: 'prologue', inputs, outputs, nodes: [...nodes, ...passThrough], renamedOutputs });
}

/** Values not computed from the stream that nodes computed from the stream read (constants excluded). */
function findSideValues(index: GraphIndex, streamStart: string): string[] {
  const streamDependent = streamDependentValues(index, streamStart);
  const constant = constantValues(index);
  const sides = new Set<string>();
  for (const node of index.nodes) {
    if (!(node.output ?? []).some((o) => streamDependent.has(o))) continue;
    for (const input of node.input ?? []) {
      if (input && !streamDependent.has(input) && !constant.has(input)) sides.add(input);
    }
  }
  return [...sides];
}

/** Values that depend on no graph input: recomputed inside any stage that needs them. */
function constantValues(index: GraphIndex): Set<string> {
  const constant = new Set(index.initializers.keys());
  for (const node of index.nodes) {
    if ((node.input ?? []).every((i) => !i || constant.has(i))) for (const o of node.output ?? []) constant.add(o);
  }
  return constant;
}

/** Nodes needed to compute `outputs`, not looking past the `stops` values; in topological order. */
function backwardSlice(index: GraphIndex, outputs: string[], stops: Set<string>): NodeProto[] {
  const nodes = new Set<NodeProto>();
  const stack = outputs.filter((o) => !stops.has(o));
  const seen = new Set<string>();
  while (stack.length) {
    const value = stack.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    const node = index.producer.get(value);
    if (!node || nodes.has(node)) continue;
    nodes.add(node);
    for (const input of node.input ?? []) if (input && !stops.has(input)) stack.push(input);
  }
  return [...nodes].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}

function checkStageInputs(index: GraphIndex, name: string, nodes: NodeProto[], allowed: Set<string>): void {
  const produced = new Set(nodes.flatMap((n) => n.output ?? []));
  for (const node of nodes) {
    for (const input of node.input ?? []) {
      if (!input || produced.has(input) || allowed.has(input) || index.initializers.has(input)) continue;
      throw new Error(`stage ${name}: node "${node.name}" reads "${input}", which is neither computed in the stage nor one of its inputs; the block does not separate cleanly at its stream values`);
    }
  }
}
