import { cloneMessage } from './clone-message.ts';
import type { StageModel } from './decoder-partition.ts';
import type { GraphIndex } from './graph-index.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { NodeProto, TensorProto, ValueInfoProto } from './onnx-types.ts';

export interface StageSpec {
  name: string;
  /** Stage input names (graph inputs of the stage model). */
  inputs: string[];
  outputs: string[];
  /** Nodes in topological order. */
  nodes: NodeProto[];
  /** Stage inputs that are renamed copies of an original value: stage input name -> original name. */
  renamedInputs?: Map<string, string>;
  /** Stage outputs that copy an original value under another name: output name -> original name. */
  renamedOutputs?: Map<string, string>;
}

export interface StageContext {
  model: OnnxModel;
  index: GraphIndex;
  elemTypes: Map<string, number>;
  /** Declared shapes of stage inputs/outputs when the original graph has none (e.g. the stream). */
  shapes: Map<string, Array<number | string>>;
}

/**
 * A model of a part of the graph: the given nodes, every initializer they read (as stored: an
 * external tensor still names its range of the model's data file, so that building a stage reads
 * no weights; `runnableModel` gathers them when the stage is loaded), the original opsets and
 * local functions.
 */
export function buildStageModel(context: StageContext, spec: StageSpec): StageModel {
  const { model, index } = context;
  const renames = spec.renamedInputs ?? new Map<string, string>();
  const copies: NodeProto[] = [...renames].map(([stageName, original]) => ({
    name: `${spec.name}/input_copy/${original}`,
    opType: 'Identity',
    input: [stageName],
    output: [original],
  }));
  const nodes = [...copies, ...spec.nodes];
  const graph = cloneMessage(model.proto.graph ?? {});
  graph.name = spec.name;
  graph.node = nodes;
  graph.initializer = usedInitializers(index, nodes);
  graph.input = spec.inputs.map((n) => valueInfo(context, n, renames.get(n) ?? n));
  graph.output = spec.outputs.map((n) => valueInfo(context, n, spec.renamedOutputs?.get(n) ?? n));
  graph.valueInfo = [];
  Object.assign(graph, { sparseInitializer: [], quantizationAnnotation: [] });
  const proto = cloneMessage(model.proto);
  proto.graph = graph;
  delete proto.metadataProps;
  Object.assign(proto, { trainingInfo: [] });
  return { model: proto, inputs: spec.inputs, outputs: spec.outputs };
}

function usedInitializers(index: GraphIndex, nodes: NodeProto[]): TensorProto[] {
  const names = new Set(nodes.flatMap((n) => n.input ?? []).filter((i) => index.initializers.has(i)));
  return [...names].map((name) => index.initializers.get(name)!);
}

function valueInfo(context: StageContext, stageName: string, original: string): ValueInfoProto {
  const declared = [...(context.index.graph.input ?? []), ...(context.index.graph.output ?? []), ...(context.index.graph.valueInfo ?? [])]
    .find((v) => v.name === original && v.type?.tensorType);
  if (declared) return { name: stageName, type: declared.type };
  const elemType = context.elemTypes.get(original);
  if (!elemType) throw new Error(`cannot tell the element type of "${original}" to declare it as a stage input or output`);
  const dims = context.shapes.get(original);
  const shape = dims ? { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } : undefined;
  return { name: stageName, type: { tensorType: shape ? { elemType, shape } : { elemType } } };
}
