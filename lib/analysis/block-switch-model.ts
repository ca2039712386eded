import type { DecoderPartition, StageModel } from '../onnx/decoder-partition.ts';
import { defaultOpset } from '../onnx/default-opset.ts';
import { encodeModel } from '../onnx/encode-model.ts';
import type { GraphProto, ModelProto, NodeProto, TensorProto, TypeProto, ValueInfoProto } from '../onnx/onnx-types.ts';
import { tensorByteLength } from '../onnx/tensor-data.ts';
import { moveWeightsToBuffer } from '../onnx/weights-to-buffer.ts';
import { contributionDistanceNodes } from './heads/contribution-distance-nodes.ts';

const FLOAT = 1;
const INT64 = 7;
const PREFIX = 'fusionscope::switch';
/** Inline weights keep the model under protobuf's 2 GiB limit with room for the graph. */
const INLINE_WEIGHT_LIMIT = 1.5 * 2 ** 30;

/** One model that evaluates any block of the decoder, chosen by an input, and measures it. */
/** Where the block weights go: inside each block's branch, or beside the graph (see buildBlockSwitchModel). */
export type SwitchWeightPlacement = 'inline' | 'external';

export interface BlockSwitchModel {
  bytes: Uint8Array;
  /** In-memory external data files the graph names (one per block; empty when the weights are inline). */
  externalData: Array<{ path: string; data: Uint8Array }>;
  /** Input: the block input stream [batch, seqLen, H]. */
  stream: string;
  /** Inputs: the prologue's side values any block reads. */
  sides: string[];
  /** Input: float32 scalar, the block to evaluate. */
  blockIndex: string;
  /** Inputs of the contribution distance (see contributionDistanceNodes). */
  reference: string;
  referenceNorms: string;
  variantShape: string;
  /** Outputs: the block output stream and the per-variant sums of cosine distances. */
  output: string;
  distanceSum: string;
}

/**
 * All block stages of a partition in one graph: a binary tree of `If` nodes on the block index
 * selects the block subgraph (each block's nodes and weights live in its own branch), and the
 * contribution-distance nodes measure the block that ran. Only the selected branch executes, so
 * one session (one thread pool, one memory arena that keeps the peak of a single block run)
 * serves every block; separate per-block sessions would each keep their own.
 *
 * Weights stay inside their block's branch while they fit in one protobuf: an `If` hands every
 * outer value its branches read to the branch on each run, so weights outside the branches cost
 * time per run that grows with the model (1.5 ms a run at L = 96). Larger models keep them as
 * graph initializers backed by one in-memory external data buffer per block, since ORT does not
 * accept in-memory external data for initializers inside subgraphs.
 */
export function buildBlockSwitchModel(partition: DecoderPartition, placement?: SwitchWeightPlacement): BlockSwitchModel {
  const stages = partition.blocks;
  if (stages.length === 0) throw new Error('the decoder has no blocks to evaluate');
  const names = {
    stream: `${PREFIX}/stream`, blockIndex: `${PREFIX}/block_index`, reference: `${PREFIX}/reference`,
    referenceNorms: `${PREFIX}/reference_norms`, variantShape: `${PREFIX}/variant_shape`, distanceSum: `${PREFIX}/distance_sum`,
  };
  const base = stages[0].model;
  const opset = defaultOpset(base);
  const sides = [...new Set(stages.flatMap((s) => s.inputs.slice(1)))];
  const inline = (placement ?? (blockWeightBytes(stages) < INLINE_WEIGHT_LIMIT ? 'inline' : 'external')) === 'inline';
  const external = inline ? { initializers: [], files: [] } : externalBlockWeights(stages);
  const branches = stages.map((stage, k) => blockBranch(stage, k, names.stream, inline));
  const tree = selectBlock(branches, names.blockIndex, 0, stages.length);
  const output = tree.output![0].name!;
  const distance = contributionDistanceNodes(
    { blockIn: names.stream, blockOut: output, reference: names.reference, referenceNorms: names.referenceNorms, variantShape: names.variantShape, distanceSum: names.distanceSum },
    opset, `${PREFIX}/distance`,
  );
  const streamType = stageInput(stages[0], stages[0].inputs[0]).type;
  const graph: GraphProto = {
    name: 'block_switch',
    node: [...tree.node!, ...distance.nodes],
    initializer: [...external.initializers, ...distance.initializers],
    input: [
      { name: names.stream, type: streamType },
      ...sides.map((side) => ({ name: side, type: stages.map((s) => findInput(s, side)).find((v) => v)!.type })),
      { name: names.blockIndex, type: tensorType(FLOAT, []) },
      { name: names.reference, type: tensorType(FLOAT, ['tokens', 'hidden']) },
      { name: names.referenceNorms, type: tensorType(FLOAT, ['tokens']) },
      { name: names.variantShape, type: tensorType(INT64, [3]) },
    ],
    output: [{ name: output, type: streamType }, { name: names.distanceSum, type: tensorType(FLOAT, ['variants']) }],
    valueInfo: [],
  };
  const model: ModelProto = { ...base, graph };
  return { bytes: encodeModel(model), externalData: external.files, sides, output, ...names };
}

/** Subgraph computing the output of block `lo` .. `hi - 1` picked by the block index. */
function selectBlock(branches: GraphProto[], blockIndex: string, lo: number, hi: number): GraphProto {
  if (hi - lo === 1) return branches[lo];
  const mid = (lo + hi) >> 1;
  const tag = `${PREFIX}/blocks_${lo}_${hi}`;
  const nodes: NodeProto[] = [
    { name: `${tag}/mid`, opType: 'Constant', input: [], output: [`${tag}/mid`], attribute: [{ name: 'value', type: 4, t: { dims: [], dataType: FLOAT, floatData: [mid] } }] },
    { name: `${tag}/below_mid`, opType: 'Less', input: [blockIndex, `${tag}/mid`], output: [`${tag}/below_mid`] },
    {
      name: `${tag}/if`, opType: 'If', input: [`${tag}/below_mid`], output: [`${tag}/output`],
      attribute: [
        { name: 'then_branch', type: 5, g: selectBlock(branches, blockIndex, lo, mid) },
        { name: 'else_branch', type: 5, g: selectBlock(branches, blockIndex, mid, hi) },
      ],
    },
  ];
  return { name: tag, node: nodes, initializer: [], input: [], output: [{ name: `${tag}/output`, type: tensorType(FLOAT, null) }], valueInfo: [] };
}

/** A block stage as an If branch: its nodes (stream input copied from the outer stream) and weights. */
function blockBranch(stage: StageModel, block: number, stream: string, withWeights: boolean): GraphProto {
  const graph = stage.model.graph!;
  const copy: NodeProto = { name: `${PREFIX}/block_${block}/stream`, opType: 'Identity', input: [stream], output: [stage.inputs[0]] };
  return { name: `block_${block}`, node: [copy, ...(graph.node ?? [])], initializer: withWeights ? graph.initializer ?? [] : [], input: [], output: graph.output ?? [], valueInfo: [] };
}

function blockWeightBytes(stages: StageModel[]): number {
  return stages.reduce((sum, s) => sum + (s.model.graph?.initializer ?? []).reduce((n, t) => n + tensorByteLength(t), 0), 0);
}

/** Every block's weights as graph initializers, each block's data in its own in-memory file. */
function externalBlockWeights(stages: StageModel[]): { initializers: TensorProto[]; files: Array<{ path: string; data: Uint8Array }> } {
  const seen = new Set<string>();
  const initializers: TensorProto[] = [];
  const files = stages.map((stage, k) => {
    const own = (stage.model.graph?.initializer ?? []).filter((t) => !seen.has(t.name ?? ''));
    for (const t of own) seen.add(t.name ?? '');
    const moved = moveWeightsToBuffer(own, `block-${k}.bin`);
    initializers.push(...moved.tensors);
    return { path: moved.location, data: moved.data };
  });
  return { initializers, files: files.filter((f) => f.data.length > 0) };
}

function stageInput(stage: StageModel, name: string): ValueInfoProto {
  const found = findInput(stage, name);
  if (!found) throw new Error(`stage input "${name}" is not declared`);
  return found;
}

function findInput(stage: StageModel, name: string): ValueInfoProto | undefined {
  return stage.model.graph?.input?.find((v) => v.name === name);
}

function tensorType(elemType: number, dims: Array<string | number> | null): TypeProto {
  if (!dims) return { tensorType: { elemType } };
  return { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } };
}
