import { cloneMessage } from '../onnx/clone-message.ts';
import type { StageModel } from '../onnx/decoder-partition.ts';
import { defaultOpset } from '../onnx/default-opset.ts';
import type { ModelProto, NodeProto, TensorProto, ValueInfoProto } from '../onnx/onnx-types.ts';
import { contributionDistanceNodes } from './heads/contribution-distance-nodes.ts';
import { floatInput } from './heads/head-graph.ts';
import { klDivergenceNodes } from './heads/kl-divergence-nodes.ts';

const PREFIX = 'fusionscope';

/** A block stage that also measures its contribution: see contributionDistanceNodes. */
export interface MeasuredBlock {
  proto: ModelProto;
  /** Stream input, then the side values the block reads (as in the partition). */
  inputs: string[];
  /** Intact contribution h^j [sequences, seqLen, H]. */
  reference: string;
  /** The block's output stream. */
  output: string;
  /** [m, sequences * seqLen] cosine distances. */
  distance: string;
}

/** The epilogue with the drop-one KL appended: see klDivergenceNodes. */
export interface MeasuredEpilogue {
  proto: ModelProto;
  inputs: string[];
  /** int64 [3] input: [1 + m, s * seqLen, V]. */
  rowsShape: string;
  /** [m, s * seqLen] per-token KL. */
  kl: string;
}

/** `tokens`: sequences x seqLen of one copy of the calibration batch. */
export function measuredBlock(stage: StageModel, tokens: number, hidden: number): MeasuredBlock {
  const reference = `${PREFIX}/reference`;
  const distance = `${PREFIX}/distance`;
  const [blockIn] = stage.inputs;
  const [blockOut] = stage.outputs;
  const { nodes, initializers } = contributionDistanceNodes(
    { blockIn, blockOut, reference, distance }, tokens, hidden, defaultOpset(stage.model), `${PREFIX}/measure`);
  const proto = extended(stage.model, nodes, initializers,
    [floatInput(reference, ['sequences', 'sequence_length', hidden])], [floatInput(distance, ['variants', tokens])]);
  return { proto, inputs: stage.inputs, reference, output: blockOut, distance };
}

export function measuredEpilogue(stage: StageModel): MeasuredEpilogue {
  const rowsShape = `${PREFIX}/rows_shape`;
  const kl = `${PREFIX}/kl`;
  const { nodes, initializers } = klDivergenceNodes({ logits: stage.outputs[0], rowsShape, kl }, defaultOpset(stage.model), `${PREFIX}/kl`);
  const shapeInput: ValueInfoProto = { name: rowsShape, type: { tensorType: { elemType: 7, shape: { dim: [{ dimValue: 3 }] } } } };
  const proto = extended(stage.model, nodes, initializers, [shapeInput], [floatInput(kl, ['variants', 'tokens'])], true);
  return { proto, inputs: stage.inputs, rowsShape, kl };
}

/** The stage with nodes appended; `replaceOutputs`: the new outputs replace the stage's own. */
function extended(
  model: ModelProto, nodes: NodeProto[], initializers: TensorProto[], inputs: ValueInfoProto[], outputs: ValueInfoProto[], replaceOutputs = false,
): ModelProto {
  const graph = cloneMessage(model.graph ?? {});
  graph.node = [...(graph.node ?? []), ...nodes];
  graph.initializer = [...(graph.initializer ?? []), ...initializers];
  graph.input = [...(graph.input ?? []), ...inputs];
  graph.output = replaceOutputs ? outputs : [...(graph.output ?? []), ...outputs];
  const proto = cloneMessage(model);
  proto.graph = graph;
  return proto;
}
