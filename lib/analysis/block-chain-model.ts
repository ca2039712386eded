import type { DecoderPartition, StageModel } from '../onnx/decoder-partition.ts';
import { defaultOpset } from '../onnx/default-opset.ts';
import { encodeModel } from '../onnx/encode-model.ts';
import type { GraphProto, NodeProto, TensorProto, TypeProto, ValueInfoProto } from '../onnx/onnx-types.ts';
import { moveWeightsToBuffer } from '../onnx/weights-to-buffer.ts';
import { contributionDistanceNodes } from './heads/contribution-distance-nodes.ts';
import { klDivergenceNodes } from './heads/kl-divergence-nodes.ts';

const FLOAT = 1;
const INT64 = 7;
const PREFIX = 'fusionscope::chain';
const PLACEHOLDER = `${PREFIX}/placeholder`;
const ONE_COPY = `${PREFIX}/one_copy_shape`;
const ZERO = `${PREFIX}/zero`;
const ONE = `${PREFIX}/one`;

export interface BlockChainModel extends BlockChainNames {
  bytes: Uint8Array;
  /** In-memory external data files the graph names: the weights, one file per block and one for the epilogue. */
  externalData: Array<{ path: string; data: Uint8Array }>;
}

/** The chain's input and output names. */
export interface BlockChainNames {
  /** Input: the stream entering block `first`, [batch, seqLen, H]. */
  stream: string;
  /** Input: float32 scalar; blocks first..L-1 run, the ones before pass the stream through. */
  first: string;
  /**
   * Input: int64 [1], the batch rows of every block's output stream handed out (and whether the
   * next-token distribution is): all of them for the intact pass, 0 for a variant.
   */
  emit: string;
  /** Inputs: the prologue's side values the blocks and the epilogue read. */
  sides: string[];
  /** Inputs per block: the intact contribution h^k [batch, seqLen, H] and its per-token squared norms [batch, seqLen]. */
  references: string[];
  referenceNorms: string[];
  /** Inputs: the full model's next-token log-probabilities and probabilities [T, V] (the drop-one KL's reference). */
  fullLogProbs: string;
  fullProbs: string;
  /** Outputs per block: its output stream, cut to the first `emit` batch rows (empty for a variant run). */
  streams: string[];
  /** Outputs per block: the sum over tokens of 1 - cos(h~, h^k) (a zero for blocks before `first`). */
  distanceSums: string[];
  /** Outputs: the logits and [1], the sum over tokens of KL(p_full || p). */
  logits: string;
  klSum: string;
  /**
   * Outputs: this run's next-token log-probabilities and probabilities [1, T, V], cut to the first
   * `emit` copies: the full model's distribution from the intact pass, empty for a variant.
   */
  nextTokenLogProbs: string;
  nextTokenProbs: string;
}

/**
 * The decoder's blocks and epilogue as one graph that runs the blocks from any block on in one
 * session run. Block k sits in an `If` that evaluates it when k >= first and skips it otherwise
 * (the block just before `first` hands the entry stream on); the branch that evaluates it also
 * measures its contribution against the intact one (contributionDistanceNodes). The epilogue always runs and the drop-one KL against the
 * full model's log-probabilities is measured. A variant that drops block i is then a single run
 * (first = i + 1, entering with the intact X_i), and the intact pass is a single run too
 * (first = 0): every X_k+1 comes out through a Slice to the first `emit` rows, all of them for the
 * intact pass and none for a variant, whose runs then keep no stream alive (graph outputs are
 * never freed during a run).
 *
 * One run per variant instead of one per block: each session run has fixed costs (feeds, thread
 * pool wake-ups, allocation) and a block evaluated in its own run cost about 8% more than the same
 * block inside the whole model; chained inside one run it costs what it costs in the model.
 *
 * The weights are main-graph initializers backed by in-memory external data, one buffer per block
 * and one for the epilogue (ORT does not accept in-memory external data inside subgraphs): the
 * graph bytes stay small (no 2 GiB protobuf limit; 15 ms to encode the demo's instead of 60-100 ms
 * with the weights inline), and each `If` hands only its own block's weights to its branch.
 */
export function buildBlockChainModel(partition: DecoderPartition): BlockChainModel {
  const stages = partition.blocks;
  if (stages.length === 0) throw new Error('the decoder has no blocks to evaluate');
  const L = stages.length;
  const n = (s: string) => `${PREFIX}/${s}`;
  const names = {
    stream: n('stream'), first: n('first'), emit: n('emit'), fullLogProbs: n('full_log_probs'), fullProbs: n('full_probs'),
    references: stages.map((_, k) => n(`reference_${k}`)), referenceNorms: stages.map((_, k) => n(`reference_norms_${k}`)),
    streams: stages.map((_, k) => n(`stream_${k + 1}`)), distanceSums: stages.map((_, k) => n(`distance_sum_${k}`)), klSum: n('kl_sum'),
    nextTokenLogProbs: n('next_token_log_probs'), nextTokenProbs: n('next_token_probs'),
  };
  const base = stages[0].model;
  const opset = defaultOpset(base);
  if (opset < 10) throw new Error(`the decoder uses ONNX opset ${opset}; the analysis needs opset 10 or later (re-export the model with a newer opset)`);
  const epilogue = partition.epilogue;
  const sides = [...new Set([...stages.flatMap((s) => s.inputs.slice(1)), ...epilogue.inputs.slice(1)])];
  const external = externalBlockWeights(stages);
  const epilogueWeights = moveWeightsToBuffer(epilogue.model.graph?.initializer ?? [], 'epilogue.bin');
  const nodes: NodeProto[] = [];
  // [batch, seqLen, X] -> [1, T, X] (0 keeps the input's dimension): one copy of the T calibration tokens
  const initializers: TensorProto[] = [...external.initializers, placeholder(PLACEHOLDER),
    { name: ONE_COPY, dataType: INT64, dims: [3], int64Data: [1, -1, 0] } as TensorProto,
    { name: ZERO, dataType: INT64, dims: [1], int64Data: [0] } as TensorProto, floatScalar(ONE, 1)];
  let stream = names.stream;
  for (let k = 0; k < L; k++) {
    const step = chainStep(stages[k], k, stream, names, opset);
    nodes.push(...step.nodes);
    initializers.push(...step.initializers);
    stream = step.output;
  }
  const kl = klDivergenceNodes({ logits: epilogue.outputs[0], logProbs: names.fullLogProbs, probs: names.fullProbs, logitsShape: ONE_COPY, klSum: names.klSum }, opset, n('kl'));
  // the log-softmax the KL takes anyway, handed out (with its exponential) only when emitting
  const distribution: NodeProto[] = [
    { name: names.nextTokenLogProbs, opType: 'Slice', input: [kl.logProbs, ZERO, names.emit, ZERO], output: [names.nextTokenLogProbs] },
    { name: names.nextTokenProbs, opType: 'Exp', input: [names.nextTokenLogProbs], output: [names.nextTokenProbs] },
  ];
  const streamType = stageInput(stages[0], stages[0].inputs[0]).type;
  const graph: GraphProto = {
    name: 'block_chain',
    node: [...nodes, identity(stream, epilogue.inputs[0]), ...(epilogue.model.graph?.node ?? []), ...kl.nodes, ...distribution],
    initializer: [...initializers, ...epilogueWeights.tensors, ...kl.initializers],
    input: [
      { name: names.stream, type: streamType },
      ...sides.map((side) => ({ name: side, type: sideType([...stages, epilogue], side) })),
      { name: names.first, type: tensorType(FLOAT, []) },
      { name: names.emit, type: tensorType(INT64, [1]) },
      ...stages.flatMap((_, k) => [
        { name: names.references[k], type: tensorType(FLOAT, ['sequences', 'seq_len', 'hidden']) },
        { name: names.referenceNorms[k], type: tensorType(FLOAT, ['sequences', 'seq_len']) },
      ]),
      { name: names.fullLogProbs, type: tensorType(FLOAT, ['tokens', 'vocab']) },
      { name: names.fullProbs, type: tensorType(FLOAT, ['tokens', 'vocab']) },
    ],
    output: [
      ...names.streams.map((name) => ({ name, type: tensorType(FLOAT, null) })),
      ...names.distanceSums.map((name) => ({ name, type: tensorType(FLOAT, null) })),
      { name: epilogue.outputs[0], type: tensorType(FLOAT, null) },
      { name: names.klSum, type: tensorType(FLOAT, [1]) },
      { name: names.nextTokenLogProbs, type: tensorType(FLOAT, null) },
      { name: names.nextTokenProbs, type: tensorType(FLOAT, null) },
    ],
    valueInfo: [],
  };
  const model = { ...base, graph };
  const externalData = [...external.files, { path: epilogueWeights.location, data: epilogueWeights.data }].filter((f) => f.data.length > 0);
  return { bytes: encodeModel(model), externalData, sides, logits: epilogue.outputs[0], ...names };
}

type ChainNames = Pick<BlockChainModel, 'stream' | 'first' | 'emit' | 'references' | 'referenceNorms' | 'streams' | 'distanceSums'>;

/**
 * Block k inside an If on k >= first (evaluated and measured, or skipped), and
 * a Slice that hands the first `emit` rows of its output stream out.
 */
function chainStep(stage: StageModel, k: number, stream: string, names: ChainNames, opset: number) {
  const tag = `${PREFIX}/block_${k}`;
  const graph = stage.model.graph!;
  const measured = contributionDistanceNodes({
    blockIn: stage.inputs[0], blockOut: stage.outputs[0], reference: names.references[k], referenceNorms: names.referenceNorms[k],
    distanceSum: `${tag}/distance_sum`,
  }, opset, `${tag}/distance`);
  const output = `${tag}/output`;
  const evaluate = branch(`${tag}/evaluate`, [identity(stream, stage.inputs[0]), ...(graph.node ?? []), ...measured.nodes],
    measured.initializers, [stage.outputs[0], `${tag}/distance_sum`]);
  // a skipped block hands on the entry stream only when the next block is the first to run, and a
  // placeholder before that: no copy of the stream per skipped block
  const entry = branch(`${tag}/entry`, [identity(names.stream, `${tag}/entry`)], [], [`${tag}/entry`]);
  const nothing = branch(`${tag}/nothing`, [identity(PLACEHOLDER, `${tag}/nothing`)], [], [`${tag}/nothing`]);
  const skip = branch(`${tag}/skip`, [
    { name: `${tag}/next`, opType: 'Add', input: [`${tag}/index`, ONE], output: [`${tag}/next`] },
    { name: `${tag}/enters_next`, opType: 'Equal', input: [`${tag}/next`, names.first], output: [`${tag}/enters_next`] },
    ifNode(`${tag}/hand_on`, `${tag}/enters_next`, [`${tag}/passed`], entry, nothing),
    identity(PLACEHOLDER, `${tag}/no_distance`),
  ], [], [`${tag}/passed`, `${tag}/no_distance`]);
  const nodes: NodeProto[] = [
    { name: `${tag}/before_first`, opType: 'Less', input: [`${tag}/index`, names.first], output: [`${tag}/before_first`] },
    { name: `${tag}/runs`, opType: 'Not', input: [`${tag}/before_first`], output: [`${tag}/runs`] },
    ifNode(`${tag}/if`, `${tag}/runs`, [output, names.distanceSums[k]], evaluate, skip),
    { name: `${tag}/emit`, opType: 'Slice', input: [output, ZERO, names.emit, ZERO], output: [names.streams[k]] },
  ];
  return { nodes, initializers: [floatScalar(`${tag}/index`, k)], output };
}

function branch(name: string, node: NodeProto[], initializer: TensorProto[], outputs: string[]): GraphProto {
  return { name, node, initializer, input: [], output: outputs.map((o) => ({ name: o, type: tensorType(FLOAT, null) })), valueInfo: [] };
}

function ifNode(name: string, condition: string, outputs: string[], thenBranch: GraphProto, elseBranch: GraphProto): NodeProto {
  return {
    name, opType: 'If', input: [condition], output: outputs,
    attribute: [{ name: 'then_branch', type: 5, g: thenBranch }, { name: 'else_branch', type: 5, g: elseBranch }],
  };
}

function placeholder(name: string): TensorProto {
  return { name, dataType: FLOAT, dims: [1], floatData: [0] } as TensorProto;
}

function identity(input: string, output: string): NodeProto {
  return { name: `${output}/identity`, opType: 'Identity', input: [input], output: [output] };
}

function floatScalar(name: string, value: number): TensorProto {
  return { name, dataType: FLOAT, dims: [], floatData: [value] } as TensorProto;
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
  const found = stage.model.graph?.input?.find((v) => v.name === name);
  if (!found) throw new Error(`stage input "${name}" is not declared`);
  return found;
}

function sideType(stages: StageModel[], side: string): TypeProto | undefined {
  return stages.map((s) => s.model.graph?.input?.find((v) => v.name === side)).find((v) => v)?.type;
}

function tensorType(elemType: number, dims: Array<string | number> | null): TypeProto {
  if (!dims) return { tensorType: { elemType } };
  return { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } };
}
