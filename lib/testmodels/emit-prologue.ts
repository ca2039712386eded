import { DataType } from '../onnx/data-types.ts';
import type { DecoderEmitter, SideValues } from './decoder-emitter.ts';

export interface PrologueInputs {
  inputIds: string;
  attentionMask: string | null;
  positionIds: string | null;
  /** First past key input, to read the past length from; null without past inputs. */
  pastKey: string | null;
}

/** Embedding lookup, positions (rotary cos/sin tables or a learned table), and the additive causal mask. */
export function emitPrologue(e: DecoderEmitter, inputs: PrologueInputs): { embeddings: string; embeddingTable: string; side: SideValues } {
  const { b, o } = e;
  const learned = o.positions === 'learned';
  b.scope = '/model/embed_tokens';
  const table = b.floatInitializer('model.embed_tokens.weight', [o.vocab, o.hidden], e.weights.uniform(o.vocab * o.hidden, 1));
  // With learned positions the position lookup comes first, so that the reader cannot rely on node order.
  let tokens = learned ? null : b.op('Gather', [table, inputs.inputIds]);
  b.scope = '/model';
  const idsShape = b.op('Shape', [inputs.inputIds]);
  // HF computes the mask and positions from inputs_embeds.shape: TorchScript exports read the sequence length off the embeddings.
  const lengthSource = b.style === 'torchscript' && tokens ? b.op('Shape', [tokens]) : idsShape;
  const seqLength = b.op('Gather', [lengthSource, b.constant([1], [])], { axis: 0 });
  const pastLength = inputs.pastKey
    ? b.op('Gather', [b.op('Shape', [inputs.pastKey]), b.constant([2], [])], { axis: 0 })
    : b.constant([0], []);
  const totalLength = b.op('Add', [pastLength, seqLength]);
  const one = b.constant([1], []);
  const positions = inputs.positionIds ?? b.op('Unsqueeze', [b.op('Range', [pastLength, totalLength, one]), b.ints([0])]);
  let embeddings: string;
  let rotary: { cos: string | null; sin: string | null } = { cos: null, sin: null };
  if (learned) {
    b.scope = '/model/embed_positions';
    const positionTable = b.floatInitializer(e.paramName('model.embed_positions.weight'), [o.maxPositions, o.hidden], e.weights.uniform(o.maxPositions * o.hidden, 0.5));
    const positionEmbeddings = b.op('Gather', [positionTable, positions]);
    b.scope = '/model/embed_tokens';
    tokens = b.op('Gather', [table, inputs.inputIds]);
    b.scope = '/model';
    embeddings = b.op('Add', [tokens, positionEmbeddings]);
  } else {
    embeddings = tokens!;
    rotary = rotaryTables(e, positions);
  }
  b.scope = '/model';
  const mask = causalMask(e, pastLength, totalLength, one, inputs.attentionMask);
  const hiddenShape = b.style === 'torchscript' ? batchSeqHiddenShape(e, idsShape) : null;
  return { embeddings, embeddingTable: table, side: { ...rotary, mask, hiddenShape } };
}

/**
 * cos/sin of position x inverse frequency, [batch or 1, 1, seq, headDim]. A half-precision graph
 * computes them in float32 too, as HF does (`inv_freq.float()`, autocast off), and casts the tables
 * to its type: ONNX has no bfloat16 Cos or Sin before opset 22.
 */
function rotaryTables(e: DecoderEmitter, positions: string): { cos: string; sin: string } {
  const { b } = e;
  b.scope = '/model/rotary_emb';
  const half = b.computeType !== DataType.FLOAT;
  const inverseFrequencies = Float32Array.from({ length: e.headDim / 2 }, (_, i) => 1 / 10000 ** ((2 * i) / e.headDim));
  const expandedPositions = b.op('Unsqueeze', [b.op('Cast', [positions], { to: DataType.FLOAT }), b.ints([-1])]);
  const stored = b.floatInitializer(e.paramName('model.rotary_emb.inv_freq') ?? null, [e.headDim / 2], { kind: 'computed', values: inverseFrequencies });
  const frequencies = b.op('Mul', [expandedPositions, half ? b.op('Cast', [stored], { to: DataType.FLOAT }) : stored]);
  const angles = b.op('Concat', [frequencies, frequencies], { axis: -1 });
  const table = (opType: 'Cos' | 'Sin'): string => {
    const values = b.op(opType, [angles]);
    return b.op('Unsqueeze', [half ? b.op('Cast', [values], { to: b.computeType }) : values, b.ints([1])]);
  };
  const cos = table('Cos');
  const sin = table('Sin');
  return { cos, sin };
}

/** 0 where a query may attend a key (key position <= query position, key not padded), -1e9 elsewhere. */
function causalMask(e: DecoderEmitter, pastLength: string, totalLength: string, one: string, attentionMask: string | null): string {
  const { b } = e;
  const queries = b.op('Unsqueeze', [b.op('Range', [pastLength, totalLength, one]), b.ints([1])]);
  const keys = b.op('Range', [b.constant([0], []), totalLength, one]);
  let allowed = b.op('LessOrEqual', [keys, queries]);
  if (attentionMask) {
    const padding = b.op('Unsqueeze', [b.op('Cast', [attentionMask], { to: DataType.BOOL }), b.ints([1, 2])]);
    allowed = b.op('And', [allowed, padding]);
  }
  // -1e9 overflows float16 to -infinity: a float16 graph masks with its lowest finite value, as HF does (finfo.min).
  const masked = b.computeType === DataType.FLOAT16 ? -65504 : -1e9;
  return b.op('Where', [allowed, e.floatConstant(0), e.floatConstant(masked)]);
}

/** [batch, seq, hidden] from Shape(input_ids): a shape tensor that carries the batch size, as TorchScript exports do. */
function batchSeqHiddenShape(e: DecoderEmitter, idsShape: string): string {
  const { b } = e;
  const batchAndSeq = b.op('Slice', [idsShape, b.ints([0]), b.ints([2]), b.ints([0])]);
  return b.op('Concat', [batchAndSeq, b.ints([e.o.hidden])], { axis: 0 });
}
