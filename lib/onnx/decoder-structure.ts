/**
 * The decoder as found from the graph's topology: a residual stream of Add nodes,
 * each adding one branch (attention or FFN) computed from the previous stream value.
 * Value names are ONNX value (tensor) names of the original graph.
 */
export type SublayerKind = 'attention' | 'ffn';
export type FfnActivation = 'silu' | 'gelu' | 'relu';

/** A projection weight as stored. `transposed`: stored [out, in] and transposed in the graph (dynamo exports). */
export interface WeightRef {
  /** The stored initializer (behind any Identity, Cast and Transpose nodes the graph reads it through). */
  initializer: string;
  /**
   * Element type of the stored initializer (TensorProto.DataType: FLOAT, FLOAT16 or BFLOAT16).
   * Half types are cast to float32 by the graph (Cast nodes) or by `promoteToFloat32`.
   */
  dataType: number;
  transposed: boolean;
  /** Shape as used by the MatMul: [in, out]. */
  shape: [number, number];
}

export interface FfnWeights {
  activation: FfnActivation;
  /** Null for a non-gated FFN (GELU/ReLU MLP). */
  gate: WeightRef | null;
  up: WeightRef;
  down: WeightRef;
  /** Biases: stored initializers (behind any Identity or Cast) or Constant node outputs. */
  gateBias: string | null;
  upBias: string | null;
  downBias: string | null;
  /**
   * RMSNorm (or LayerNorm) scale feeding this FFN: the stored initializer (behind any Identity or
   * Cast), or a Constant node's output; null when the branch has no norm scale.
   */
  normScale: string | null;
  normEpsilon: number;
  /** Intermediate width of the FFN. */
  width: number;
  /** Kind of norm feeding the FFN: RMSNorm, LayerNorm, or none found. */
  normKind?: 'rms' | 'layer' | null;
  /** LayerNorm bias (constant value name), null for RMSNorm. */
  normBias?: string | null;
}

export interface Sublayer {
  kind: SublayerKind;
  /** Stream value the branch reads (and the residual Add's other operand, directly or through an Identity/Cast). */
  input: string;
  /** Stream value produced by the residual Add. */
  output: string;
  /** The residual Add node's name (names are made unique on load when the file leaves them empty). */
  addNode: string;
  /** Names of the nodes computing the branch, excluding the residual Add. */
  nodes: string[];
  /** Present when kind === 'ffn'. */
  ffn?: FfnWeights;
  /** Names of the initializers the branch reads (through constant-only nodes too). */
  initializers?: string[];
  parameterCount: number;
}

export interface DecoderBlock {
  index: number;
  /** Stream value entering the block. */
  input: string;
  /** Stream value leaving the block. */
  output: string;
  attention: Sublayer | null;
  ffn: Sublayer | null;
}

export interface ModelInputSpec {
  name: string;
  role: 'input_ids' | 'attention_mask' | 'position_ids' | 'past_key_values' | 'other';
  elemType: string;
  /** Dimensions: numbers for fixed sizes, strings for symbolic ones. */
  dims: Array<number | string>;
}

export interface DecoderStructure {
  blocks: DecoderBlock[];
  hiddenSize: number;
  vocabSize: number;
  inputs: ModelInputSpec[];
  /** Graph output holding the logits. */
  logits: string;
  /** Stream value entering block 0 (the embeddings). */
  streamStart: string;
  /** Stream value leaving the last block (input of the final norm). */
  streamEnd: string;
  /** Largest sequence length the model accepts, when the graph fixes one (position table size), else null. */
  maxSequenceLength: number | null;
  /**
   * Element type the embedding, LM head and block projection weights are stored in ('float32',
   * 'float16', 'bfloat16'), or the distinct types joined with ' + ' when they differ.
   */
  weightDataType: string;
}

/** Serializable summary shown in the UI and stored with a model. */
export interface StructureSummary {
  blockCount: number;
  hiddenSize: number;
  vocabSize: number;
  inputs: ModelInputSpec[];
  blocks: Array<{
    index: number;
    attention: boolean;
    ffn: boolean;
    ffnWidth: number | null;
    attentionParameters: number;
    ffnParameters: number;
  }>;
  /** Maximal runs of consecutive blocks with an FFN and no attention, as inclusive [first, last]. */
  attentionFreeRuns: Array<[number, number]>;
  /** Parameters of all blocks' sublayers (embedding, final norm and LM head not included). */
  parameterCount: number;
  maxSequenceLength: number | null;
  /** As DecoderStructure.weightDataType; absent in summaries stored before it was recorded. */
  weightDataType?: string;
}
