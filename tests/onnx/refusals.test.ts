import { describe, expect, it } from 'vitest';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import type { OnnxModel } from '../../lib/onnx/onnx-model.ts';
import { buildTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';

function withoutResiduals(model: OnnxModel): OnnxModel {
  const graph = model.proto.graph!;
  const residual = /^\/model\/layers\.\d+\/Add(_\d+)?$/;
  for (const node of graph.node!) {
    if (node.opType === 'Add' && residual.test(node.name!)) {
      node.opType = 'Identity';
      node.input = [node.input![1]];
    }
  }
  return model;
}

describe('refusals', () => {
  it('refuses a graph with no residual chain, saying what it found and expected', () => {
    const model = withoutResiduals(buildTestDecoder({ layers: 2, hidden: 16, heads: 2 }));
    expect(() => findDecoderStructure(model)).toThrow(
      /^found no residual Add chain from the embedding Gather to the LM head MatMul \(the graph has \d+ Add nodes, none adds a branch computed from its other operand\); expected a chain of residual Add nodes/,
    );
  });

  it('refuses a chain broken in the middle instead of reading fewer blocks', () => {
    const model = buildTestDecoder({ layers: 3, hidden: 16, heads: 2 });
    const add = model.proto.graph!.node!.find((n) => n.name === '/model/layers.1/Add')!;
    add.opType = 'Identity';
    add.input = [add.input![1]];
    expect(() => findDecoderStructure(model)).toThrow(
      /^found a residual chain of 3 Add nodes starting at "[^"]+", but \d+ projection\(s\) \(MatMul\/Gemm\/attention\) come between the embedding lookup and it/,
    );
  });

  it('refuses a graph without an embedding lookup', () => {
    const model = buildTestDecoder({ layers: 1, hidden: 16, heads: 2 });
    const gather = model.proto.graph!.node!.find((n) => n.opType === 'Gather' && n.input![0] === 'model.embed_tokens.weight')!;
    gather.opType = 'Identity';
    gather.input = ['input_ids'];
    expect(() => findDecoderStructure(model)).toThrow(/^found no embedding lookup \(a Gather from a 2-D \[vocab, hidden\] initializer indexed by a graph input\)/);
  });

  it('refuses a branch that is neither attention nor FFN', () => {
    const model = buildTestDecoder({ layers: 1, hidden: 16, heads: 2 });
    const sigmoid = model.proto.graph!.node!.find((n) => n.opType === 'Sigmoid')!;
    sigmoid.opType = 'Identity';
    expect(() => findDecoderStructure(model)).toThrow(/adds a branch of \d+ nodes \(.*MatMul x3.*\) that is neither attention \(Softmax or an Attention op\) nor an FFN/);
  });

  it('refuses a model whose logits do not come from a vocabulary projection', () => {
    const model = buildTestDecoder({ layers: 1, hidden: 16, heads: 2 });
    model.proto.graph!.node!.find((n) => n.output![0] === 'logits')!.opType = 'Add';
    expect(() => findDecoderStructure(model)).toThrow('found no LM head: no graph output (logits) is computed by a MatMul/Gemm with a [16, 256] weight');
  });
});
