import { describe, expect, it } from 'vitest';
import { AttributeType } from '../../lib/onnx/onnx-types.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { ensureUniqueNodeNames } from '../../lib/onnx/unique-node-names.ts';
import { buildTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';

describe('norm detection', () => {
  for (const opType of ['SimplifiedLayerNormalization', 'RMSNormalization']) {
    it(`reads the scale and epsilon of a fused ${opType} node`, () => {
      const model = buildTestDecoder({ layers: 2, hidden: 16, heads: 2 });
      const nodes = model.proto.graph!.node!;
      const scaleMul = nodes.find((n) => n.opType === 'Mul' && n.input![0] === 'model.layers.1.post_attention_layernorm.weight')!;
      const layerInput = nodes.find((n) => n.name === '/model/layers.1/post_attention_layernorm/Cast')!.input![0];
      scaleMul.opType = opType;
      scaleMul.input = [layerInput, 'model.layers.1.post_attention_layernorm.weight'];
      scaleMul.attribute = [{ name: 'epsilon', type: AttributeType.FLOAT, f: 1e-5 }];
      const ffn = findDecoderStructure(model).blocks[1].ffn!.ffn!;
      expect(ffn.normKind).toBe('rms');
      expect(ffn.normScale).toBe('model.layers.1.post_attention_layernorm.weight');
      expect(ffn.normEpsilon).toBeCloseTo(1e-5, 10);
    });
  }

  it('reports epsilon and scale of the decomposed pattern (Reciprocal form in dynamo exports)', () => {
    const model = buildTestDecoder({ layers: 1, hidden: 16, heads: 2, naming: 'dynamo', rmsEpsilon: 1e-5 });
    const ffn = findDecoderStructure(model).blocks[0].ffn!.ffn!;
    expect(ffn.normKind).toBe('rms');
    expect(ffn.normScale).toBe('model.layers.0.post_attention_layernorm.weight');
    expect(ffn.normEpsilon).toBeCloseTo(1e-5, 10);
  });
});

describe('ensureUniqueNodeNames', () => {
  it('names empty nodes and suffixes repeated names', () => {
    const graph = { node: [{ name: 'a', opType: 'Add' }, { name: 'a', opType: 'Add' }, { name: '', opType: 'Mul' }, { opType: 'Mul' }, { name: 'a_1', opType: 'Add' }] };
    expect(ensureUniqueNodeNames(graph)).toBe(3);
    expect(graph.node.map((n) => n.name)).toEqual(['a', 'a_2', 'Mul_2', 'Mul_3', 'a_1']);
  });
});
