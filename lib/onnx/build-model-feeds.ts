import * as ort from 'onnxruntime-node';
import type { DecoderStructure, ModelInputSpec } from './decoder-structure.ts';

export type ModelFeeds = Record<string, ort.Tensor>;

/**
 * onnxruntime feeds for a decoder's declared inputs: the tokens as input_ids [batch, seqLen],
 * a ones attention_mask, arange position_ids, and an empty past (0 on every symbolic dim but
 * the batch). Inputs of another kind are refused.
 */
export function buildModelFeeds(
  source: DecoderStructure | ModelInputSpec[], tokens: BigInt64Array | Int32Array, batch: number, seqLen: number,
): ModelFeeds {
  const inputs = Array.isArray(source) ? source : source.inputs;
  if (tokens.length !== batch * seqLen) {
    throw new Error(`buildModelFeeds: got ${tokens.length} tokens for batch ${batch} x sequence length ${seqLen}`);
  }
  const feeds: ModelFeeds = {};
  for (const spec of inputs) feeds[spec.name] = feedFor(spec, tokens, batch, seqLen);
  return feeds;
}

function feedFor(spec: ModelInputSpec, tokens: BigInt64Array | Int32Array, batch: number, seqLen: number): ort.Tensor {
  const dims = [batch, seqLen];
  switch (spec.role) {
    case 'input_ids':
      return integerTensor(spec, Array.from(tokens as ArrayLike<number | bigint>, Number), dims);
    case 'attention_mask':
      return integerTensor(spec, new Array<number>(batch * seqLen).fill(1), dims);
    case 'position_ids':
      return integerTensor(spec, Array.from({ length: batch * seqLen }, (_, i) => i % seqLen), dims);
    case 'past_key_values':
      return emptyPast(spec, batch);
    default:
      throw new Error(`don't know how to feed model input "${spec.name}" (${spec.elemType} [${spec.dims.join(', ')}]); expected input_ids, attention_mask, position_ids or past_key_values.*`);
  }
}

function integerTensor(spec: ModelInputSpec, values: number[], dims: number[]): ort.Tensor {
  if (spec.elemType === 'int32') return new ort.Tensor('int32', Int32Array.from(values), dims);
  if (spec.elemType === 'int64') return new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);
  throw new Error(`model input "${spec.name}" has element type ${spec.elemType}; expected int64 or int32`);
}

/** Past keys/values with nothing in them: batch on axis 0, 0 on the other symbolic (sequence) axes. */
function emptyPast(spec: ModelInputSpec, batch: number): ort.Tensor {
  const dims = spec.dims.map((d, axis) => (typeof d === 'number' ? d : axis === 0 ? batch : 0));
  if (spec.elemType === 'float16') return new ort.Tensor('float16', new Uint16Array(0), dims);
  if (spec.elemType === 'float32') return new ort.Tensor('float32', new Float32Array(0), dims);
  throw new Error(`past input "${spec.name}" has element type ${spec.elemType}; expected float32 or float16`);
}
