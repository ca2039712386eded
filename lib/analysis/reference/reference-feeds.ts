import * as ort from 'onnxruntime-node';
import type { ModelInputSpec } from '../../onnx/decoder-structure.ts';

/**
 * Inputs for the full model, built independently of the fast engine's feed helper:
 * input_ids = the tokens, attention_mask = ones, position_ids = 0..seqLen-1 per sequence,
 * past_key_values.* = empty (past length 0), shaped from the declared dims
 * (symbolic dims: first = batch, a past-length dim = 0).
 */
export function referenceFeeds(
  inputs: ModelInputSpec[], tokens: BigInt64Array, sequences: number, seqLen: number,
): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const spec of inputs) {
    if (spec.role === 'input_ids') feeds[spec.name] = int64(spec, tokens, [sequences, seqLen]);
    else if (spec.role === 'attention_mask') feeds[spec.name] = int64(spec, new BigInt64Array(sequences * seqLen).fill(1n), [sequences, seqLen]);
    else if (spec.role === 'position_ids') feeds[spec.name] = int64(spec, positions(sequences, seqLen), [sequences, seqLen]);
    else if (spec.role === 'past_key_values') feeds[spec.name] = emptyPast(spec, sequences);
    else throw new Error(`reference: does not know how to feed model input "${spec.name}"`);
  }
  return feeds;
}

function positions(sequences: number, seqLen: number): BigInt64Array {
  const out = new BigInt64Array(sequences * seqLen);
  for (let s = 0; s < sequences; s++) for (let t = 0; t < seqLen; t++) out[s * seqLen + t] = BigInt(t);
  return out;
}

function int64(spec: ModelInputSpec, data: BigInt64Array, dims: number[]): ort.Tensor {
  if (spec.elemType === 'int32') return new ort.Tensor('int32', Int32Array.from(data, Number), dims);
  return new ort.Tensor('int64', data, dims);
}

function emptyPast(spec: ModelInputSpec, sequences: number): ort.Tensor {
  const dims = spec.dims.map((d, k) => (typeof d === 'number' ? d : k === 0 ? sequences : 0));
  const type = spec.elemType === 'float16' ? 'float16' : 'float32';
  return new ort.Tensor(type, type === 'float16' ? new Uint16Array(0) : new Float32Array(0), dims);
}
