import { DataType } from '../onnx/data-types.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { ModelProto, ValueInfoProto } from '../onnx/onnx-types.ts';
import { saveOnnxModel, type SaveResult } from '../onnx/save-onnx-model.ts';
import { DecoderEmitter } from './decoder-emitter.ts';
import { emitAttention, type PastInputs } from './emit-attention.ts';
import { emitFfn } from './emit-ffn.ts';
import { emitPrologue } from './emit-prologue.ts';
import { GraphBuilder } from './graph-builder.ts';
import { inlineInitializers, type InitializerStore } from './initializer-store.ts';
import { resolveOptions, type TestDecoderOptions } from './test-decoder-options.ts';
import { graphPrecision } from './weight-precision.ts';
import { WeightStream } from './weight-values.ts';

export type { TestDecoderOptions } from './test-decoder-options.ts';

/**
 * A Llama-style decoder with seeded random weights, in the shape PyTorch's exporters write:
 * TorchScript (opset 17, IR 8, named [in, out] weights) or dynamo (opset 18, IR 10, anonymous
 * transposed weights). Returned in memory; see `writeTestDecoder` to save it, and
 * stream-test-decoder.ts for models too large to hold.
 */
export function buildTestDecoder(options: TestDecoderOptions): OnnxModel {
  return { proto: testDecoderGraph(options, inlineInitializers).proto, baseDir: null, path: null };
}

/**
 * The test decoder's graph, its weight initializers made by `store` in graph order, and its
 * parameter count (every parameter is a random weight; buffers such as rotary frequencies are not counted).
 */
export function testDecoderGraph(options: TestDecoderOptions, store: InitializerStore): { proto: ModelProto; parameterCount: number } {
  const o = resolveOptions(options);
  const b = new GraphBuilder(o.naming, store, graphPrecision(o.dtype, o.halfGraph));
  const weights = new WeightStream(o.seed);
  const e = new DecoderEmitter(b, o, weights);
  const headDim = o.hidden / o.heads;
  const float = b.computeType;
  const inputs: ValueInfoProto[] = [tensorInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length'])];
  const outputs: ValueInfoProto[] = [tensorInfo('logits', float, ['batch_size', 'sequence_length', o.vocab])];
  if (o.optimumInputs) {
    inputs.push(tensorInfo('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']));
    inputs.push(tensorInfo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']));
  }
  const pasts: Array<PastInputs | null> = [];
  for (let layer = 0; layer < o.layers; layer++) {
    if (!o.optimumInputs || o.attentionFreeLayers.includes(layer)) {
      pasts.push(null);
      continue;
    }
    const past = { key: `past_key_values.${layer}.key`, value: `past_key_values.${layer}.value`, presentKey: `present.${layer}.key`, presentValue: `present.${layer}.value` };
    inputs.push(tensorInfo(past.key, float, ['batch_size', o.kvHeads, 'past_sequence_length', headDim]));
    inputs.push(tensorInfo(past.value, float, ['batch_size', o.kvHeads, 'past_sequence_length', headDim]));
    outputs.push(tensorInfo(past.presentKey, float, ['batch_size', o.kvHeads, 'total_sequence_length', headDim]));
    outputs.push(tensorInfo(past.presentValue, float, ['batch_size', o.kvHeads, 'total_sequence_length', headDim]));
    pasts.push(past);
  }
  const firstPast = pasts.find((p) => p !== null) ?? null;
  const prologue = emitPrologue(e, {
    inputIds: 'input_ids',
    attentionMask: o.optimumInputs ? 'attention_mask' : null,
    positionIds: o.optimumInputs ? 'position_ids' : null,
    pastKey: firstPast?.key ?? null,
  });
  let x = prologue.embeddings;
  for (let layer = 0; layer < o.layers; layer++) {
    if (!o.attentionFreeLayers.includes(layer)) x = emitAttention(e, x, layer, prologue.side, pasts[layer]);
    if (!o.ffnFreeLayers.includes(layer)) x = emitFfn(e, x, layer);
  }
  b.scope = '/model/norm';
  const normed = e.norm(x, 'model.norm');
  b.scope = '/lm_head';
  if (o.tiedEmbeddings) {
    b.node('MatMul', [normed, b.op('Transpose', [prologue.embeddingTable], { perm: [1, 0] })], {}, 1, ['logits']);
  } else {
    const weights = e.weights.uniform(o.hidden * o.vocab, o.weightScale);
    const weight = o.naming === 'dynamo'
      ? b.op('Transpose', [b.floatInitializer(null, [o.vocab, o.hidden], weights)], { perm: [1, 0] })
      : b.floatInitializer('lm_head.weight', [o.hidden, o.vocab], weights);
    b.node('MatMul', [normed, weight], {}, 1, ['logits']);
  }
  return { proto: modelProto(o.naming, b, inputs, outputs), parameterCount: weights.drawn };
}

/** Builds and saves a test decoder (`externalData`: weights in `<path>.data`). */
export function writeTestDecoder(path: string, options: TestDecoderOptions & { externalData?: boolean }): SaveResult {
  return saveOnnxModel(buildTestDecoder(options), path, { externalData: options.externalData ?? false });
}

function modelProto(style: 'torchscript' | 'dynamo', b: GraphBuilder, input: ValueInfoProto[], output: ValueInfoProto[]): ModelProto {
  const dynamo = style === 'dynamo';
  return {
    irVersion: dynamo ? 10 : 8,
    opsetImport: [{ domain: '', version: dynamo ? 18 : 17 }],
    producerName: 'pytorch',
    producerVersion: dynamo ? '2.6.0' : '2.1.0',
    graph: { name: dynamo ? 'main_graph' : 'torch_jit', node: b.nodes, initializer: b.initializers, input, output },
  };
}

function tensorInfo(name: string, elemType: number, dims: Array<number | string>): ValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}
