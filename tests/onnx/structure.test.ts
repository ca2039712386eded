import { describe, expect, it } from 'vitest';
import { DataType } from '../../lib/onnx/data-types.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { summarizeStructure } from '../../lib/onnx/summarize-structure.ts';
import { buildTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';

describe('findDecoderStructure', () => {
  it('reads a TorchScript-style export with attention-free and FFN-free layers', () => {
    const model = buildTestDecoder({ layers: 6, hidden: 32, ffnWidth: 48, attentionFreeLayers: [2, 3], ffnFreeLayers: [5] });
    const structure = findDecoderStructure(model);
    const summary = summarizeStructure(structure);
    expect(summary.blocks.map((b) => [b.attention, b.ffn])).toEqual([
      [true, true], [true, true], [false, true], [false, true], [true, true], [true, false],
    ]);
    expect(summary.attentionFreeRuns).toEqual([[2, 3]]);
    expect(summary.hiddenSize).toBe(32);
    expect(summary.vocabSize).toBe(256);
    expect(summary.blocks[0].ffnWidth).toBe(48);
    expect(summary.blocks[0].attentionParameters).toBe(4 * 32 * 32 + 32);
    expect(summary.blocks[0].ffnParameters).toBe(3 * 32 * 48 + 32);
    const ffn = structure.blocks[1].ffn!.ffn!;
    expect(ffn.activation).toBe('silu');
    expect(ffn.gate).toEqual({ initializer: 'model.layers.1.mlp.gate_proj.weight', dataType: DataType.FLOAT, transposed: false, shape: [32, 48] });
    expect(ffn.up.initializer).toBe('model.layers.1.mlp.up_proj.weight');
    expect(ffn.down).toEqual({ initializer: 'model.layers.1.mlp.down_proj.weight', dataType: DataType.FLOAT, transposed: false, shape: [48, 32] });
    expect(ffn.normScale).toBe('model.layers.1.post_attention_layernorm.weight');
    expect(ffn.normEpsilon).toBeCloseTo(1e-6, 12);
    expect(structure.blocks[2].input).toBe(structure.blocks[1].output);
    expect(structure.logits).toBe('logits');
  });

  it('reads a dynamo-style export: anonymous transposed weights, opset 18, IR 10', () => {
    const model = buildTestDecoder({ layers: 4, hidden: 32, naming: 'dynamo', attentionFreeLayers: [1] });
    expect(model.proto.graph!.node!.every((n) => n.name!.startsWith('node_'))).toBe(true);
    const structure = findDecoderStructure(model);
    expect(structure.blocks.map((b) => b.attention !== null)).toEqual([true, false, true, true]);
    const ffn = structure.blocks[0].ffn!.ffn!;
    expect(ffn.gate!.transposed).toBe(true);
    expect(ffn.gate!.initializer).toMatch(/^val_\d+$/);
    expect(ffn.gate!.shape).toEqual([32, 128]);
    expect(ffn.down.shape).toEqual([128, 32]);
    expect(ffn.normScale).not.toBeNull();
  });

  it('reads grouped-query attention and Optimum-style inputs', () => {
    const model = buildTestDecoder({ layers: 3, hidden: 32, heads: 4, kvHeads: 2, optimumInputs: true, attentionFreeLayers: [1] });
    const structure = findDecoderStructure(model);
    expect(structure.blocks).toHaveLength(3);
    expect(structure.inputs.map((i) => [i.name, i.role])).toEqual([
      ['input_ids', 'input_ids'], ['attention_mask', 'attention_mask'], ['position_ids', 'position_ids'],
      ['past_key_values.0.key', 'past_key_values'], ['past_key_values.0.value', 'past_key_values'],
      ['past_key_values.2.key', 'past_key_values'], ['past_key_values.2.value', 'past_key_values'],
    ]);
    expect(structure.inputs[3].dims).toEqual(['batch_size', 2, 'past_sequence_length', 8]);
    expect(summarizeStructure(structure).blocks[0].attentionParameters).toBe(2 * 32 * 32 + 2 * 32 * 16 + 32);
  });

  it('reads a plain GELU MLP with biases and a tied LM head', () => {
    const model = buildTestDecoder({ layers: 2, hidden: 16, heads: 2, activation: 'gelu', tiedEmbeddings: true });
    const ffn = findDecoderStructure(model).blocks[0].ffn!.ffn!;
    expect(ffn.activation).toBe('gelu');
    expect(ffn.gate).toBeNull();
    expect(ffn.upBias).toBe('model.layers.0.mlp.up_proj.bias');
    expect(ffn.downBias).toBe('model.layers.0.mlp.down_proj.bias');
    const relu = findDecoderStructure(buildTestDecoder({ layers: 1, hidden: 16, heads: 2, activation: 'relu', naming: 'dynamo' }));
    expect(relu.blocks[0].ffn!.ffn!.activation).toBe('relu');
    expect(relu.blocks[0].ffn!.ffn!.upBias).toMatch(/^val_/);
  });

  it('does not depend on node or value names', () => {
    const model = buildTestDecoder({ layers: 3, hidden: 16, heads: 2, attentionFreeLayers: [2] });
    const graph = model.proto.graph!;
    const rename = new Map<string, string>();
    const renamed = (v: string) => (v === 'input_ids' || v === 'logits' || !v ? v : rename.get(v) ?? rename.set(v, `t${rename.size}`).get(v)!);
    for (const node of graph.node!) {
      node.name = '';
      node.input = node.input!.map(renamed);
      node.output = node.output!.map(renamed);
    }
    for (const t of graph.initializer!) t.name = renamed(t.name!);
    const structure = findDecoderStructure(model);
    expect(structure.blocks.map((b) => [b.attention !== null, b.ffn !== null])).toEqual([[true, true], [true, true], [false, true]]);
    const names = graph.node!.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(Boolean)).toBe(true);
  });

  it('starts a new block at each attention: an FFN-free layer followed by a full one gives two blocks', () => {
    const model = buildTestDecoder({ layers: 4, hidden: 16, heads: 2, ffnFreeLayers: [1], attentionFreeLayers: [3] });
    const structure = findDecoderStructure(model);
    expect(structure.blocks.map((b) => [b.attention !== null, b.ffn !== null])).toEqual([[true, true], [true, false], [true, true], [false, true]]);
    for (let k = 1; k < structure.blocks.length; k++) expect(structure.blocks[k].input).toBe(structure.blocks[k - 1].output);
    expect(structure.blocks[1].output).toBe(structure.blocks[1].attention!.output);
    expect(structure.blocks[2].attention!.output).toBe(structure.blocks[2].ffn!.input);
    expect(structure.streamStart).toBe(structure.blocks[0].input);
    expect(structure.streamEnd).toBe(structure.blocks[3].output);
  });

  it('finds a 96-layer model quickly', () => {
    const started = performance.now();
    const model = buildTestDecoder({ layers: 96, hidden: 64, attentionFreeLayers: [40, 41, 42] });
    const structure = findDecoderStructure(model);
    expect(structure.blocks).toHaveLength(96);
    expect(summarizeStructure(structure).attentionFreeRuns).toEqual([[40, 42]]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
