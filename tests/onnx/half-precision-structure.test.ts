import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inspectCommand } from '../../cli/commands/inspect.ts';
import { AttributeType, type TensorProto } from '../../lib/onnx/onnx-types.ts';
import { DataType } from '../../lib/onnx/data-types.ts';
import type { DecoderStructure, StructureSummary } from '../../lib/onnx/decoder-structure.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { formatStructureTable } from '../../lib/onnx/format-structure-table.ts';
import type { OnnxModel } from '../../lib/onnx/onnx-model.ts';
import { saveOnnxModel } from '../../lib/onnx/save-onnx-model.ts';
import { summarizeStructure } from '../../lib/onnx/summarize-structure.ts';
import { tensorToFloat32 } from '../../lib/onnx/tensor-data.ts';
import { buildTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { halfDataType, toHalfPrecision } from '../../lib/testmodels/half-precision.ts';
import { makeTempDir } from './helpers.ts';

const temp = makeTempDir('half-structure');
afterAll(() => temp.cleanup());

const DTYPES = ['float16', 'bfloat16'] as const;
const PATTERNS = ['cast', 'half-graph'] as const;

const VARIANTS: Array<[string, TestDecoderOptions]> = [
  ['TorchScript, Optimum inputs, GQA', { layers: 4, hidden: 32, heads: 4, kvHeads: 2, optimumInputs: true, attentionFreeLayers: [1, 2], ffnFreeLayers: [3] }],
  ['dynamo (transposed weights), Optimum inputs', { layers: 3, hidden: 32, heads: 4, naming: 'dynamo', optimumInputs: true, attentionFreeLayers: [1] }],
  ['TorchScript, tied embeddings', { layers: 2, hidden: 16, heads: 2, tiedEmbeddings: true }],
  ['dynamo, tied embeddings', { layers: 2, hidden: 16, heads: 2, naming: 'dynamo', tiedEmbeddings: true, attentionFreeLayers: [1] }],
  ['GPT-2 style (LayerNorm, learned positions, GELU with biases)', {
    layers: 2, hidden: 16, heads: 2, vocab: 96, norm: 'layer', positions: 'learned', maxPositions: 64, activation: 'gelu', attentionFreeLayers: [1],
  }],
  ['dynamo GPT-2 style', { layers: 2, hidden: 16, heads: 2, vocab: 96, naming: 'dynamo', norm: 'layer', positions: 'learned', activation: 'gelu' }],
];

/**
 * What must not depend on the storage type: the summary without input types and weight type, and
 * every FFN's weights and norm (its epsilon apart: a half graph may hold it rounded, see below).
 */
function comparable(structure: DecoderStructure): unknown {
  const { inputs, weightDataType: _, ...summary } = summarizeStructure(structure);
  const ffns = structure.blocks.map((b) => {
    const ffn = b.ffn?.ffn;
    if (!ffn) return null;
    const weight = (w: typeof ffn.up | null) => (w ? { initializer: w.initializer, transposed: w.transposed, shape: w.shape } : null);
    return { ...ffn, gate: weight(ffn.gate), up: weight(ffn.up), down: weight(ffn.down), normEpsilon: null };
  });
  return { summary, inputs: inputs.map(({ elemType: _t, ...i }) => i), ffns, logits: structure.logits };
}

describe('structure of float16 and bfloat16 decoders', () => {
  for (const [label, options] of VARIANTS) {
    it(`is that of the float32 model: ${label}`, () => {
      const model = buildTestDecoder(options);
      const reference = findDecoderStructure(model);
      expect(reference.weightDataType).toBe('float32');
      for (const dtype of DTYPES) {
        for (const pattern of PATTERNS) {
          const half = toHalfPrecision(model, dtype, pattern);
          const structure = findDecoderStructure(half);
          expect(comparable(structure), `${dtype} ${pattern}`).toEqual(comparable(reference));
          expect(structure.weightDataType).toBe(dtype);
          const initializers = new Map(half.proto.graph!.initializer!.map((t) => [t.name!, t]));
          for (const block of structure.blocks) {
            const ffn = block.ffn?.ffn;
            if (!ffn) continue;
            // A half graph that adds epsilon in the half type holds it rounded (1e-6 in float16: 17 x 2^-24).
            const epsilon = reference.blocks[block.index].ffn!.ffn!.normEpsilon;
            expect(Math.abs(ffn.normEpsilon - epsilon)).toBeLessThanOrEqual(epsilon * 0.05);
            for (const w of [ffn.gate, ffn.up, ffn.down]) {
              if (!w) continue;
              // The stored tensor, not the Cast's output: a reader finds it and its type by name.
              expect(w.dataType).toBe(halfDataType(dtype));
              expect(initializers.get(w.initializer)?.dataType).toBe(halfDataType(dtype));
            }
            for (const value of [ffn.normScale, ffn.upBias, ffn.downBias, ffn.normBias]) {
              if (value) expect(initializers.get(value)?.dataType, value).toBe(halfDataType(dtype));
            }
          }
          const inputTypes = structure.inputs.filter((i) => i.role === 'past_key_values').map((i) => i.elemType);
          expect(new Set(inputTypes)).toEqual(new Set(inputTypes.length ? [pattern === 'cast' ? 'float32' : dtype] : []));
        }
      }
    });
  }

  it('reads the norm scale values through the Cast (the stored values, widened)', () => {
    const model = buildTestDecoder({ layers: 1, hidden: 16, heads: 2 });
    const scaleName = findDecoderStructure(model).blocks[0].ffn!.ffn!.normScale!;
    const half = toHalfPrecision(model, 'bfloat16', 'cast');
    const found = findDecoderStructure(half).blocks[0].ffn!.ffn!.normScale!;
    expect(found).toBe(scaleName);
    const stored = half.proto.graph!.initializer!.find((t) => t.name === found)!;
    const original = tensorToFloat32(model, model.proto.graph!.initializer!.find((t) => t.name === scaleName)!);
    const values = tensorToFloat32(half, stored);
    for (let i = 0; i < values.length; i++) expect(Math.abs(values[i] - original[i])).toBeLessThanOrEqual(Math.abs(original[i]) * 2 ** -8);
  });

  it('names a model that mixes weight types', () => {
    const model = buildTestDecoder({ layers: 2, hidden: 16, heads: 2, naming: 'dynamo' });
    const half = toHalfPrecision(model, 'float16', 'cast');
    // Put the embedding back in float32: the exporter kept it at full precision.
    const graph = half.proto.graph!;
    const table = model.proto.graph!.initializer!.find((t) => t.name === 'model.embed_tokens.weight')!;
    graph.initializer = graph.initializer!.map((t) => (t.name === table.name ? table : t));
    expect(findDecoderStructure(half).weightDataType).toBe('float16 + float32');
  });
});

describe('inspect of a half-precision model', () => {
  it('shows the weight type', async () => {
    const model = toHalfPrecision(buildTestDecoder({ layers: 3, hidden: 16, heads: 2, ffnWidth: 40, attentionFreeLayers: [1] }), 'bfloat16', 'cast');
    const path = join(temp.dir, 'bf16.onnx');
    saveOnnxModel(model, path, { externalData: true });
    const chunks: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await inspectCommand.run([path]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    const out = chunks.join('');
    expect(out).toContain('blocks: 3   hidden: 16   vocab: 256');
    expect(out).toContain('\nweights: bfloat16\n');
    // Parameters are counted whatever they are stored in.
    expect(out).toMatch(/\n1\s+-\s+yes\s+40\s+0\s+1,936\n/);
  });

  it('leaves the line out for a summary stored before the weight type was recorded', () => {
    const summary = summarizeStructure(findDecoderStructure(buildTestDecoder({ layers: 1, hidden: 16, heads: 2 })));
    expect(formatStructureTable(summary)).toContain('\nweights: float32\n');
    const { weightDataType: _, ...older } = summary;
    expect(formatStructureTable(older as StructureSummary)).not.toContain('weights:');
  });
});

describe('refusal of weights that are not float', () => {
  /** The model with one initializer stored as int32 (values truncated), optionally behind a Cast to float as exporters write it. */
  function withInt32(model: OnnxModel, name: string, castToFloat: boolean): OnnxModel {
    const graph = model.proto.graph!;
    const tensor = graph.initializer!.find((t) => t.name === name)!;
    const ints = Int32Array.from(tensorToFloat32(model, tensor), (v) => Math.round(v * 100));
    const int32: TensorProto = { name, dims: tensor.dims, dataType: DataType.INT32, rawData: new Uint8Array(ints.buffer) };
    graph.initializer = graph.initializer!.map((t) => (t === tensor ? int32 : t));
    if (castToFloat) {
      const cast = `${name}_as_float`;
      for (const node of graph.node!) node.input = node.input!.map((i) => (i === name ? cast : i));
      graph.node!.unshift({ name: `Cast_${name}`, opType: 'Cast', input: [name], output: [cast], attribute: [{ name: 'to', type: AttributeType.INT, i: DataType.FLOAT }] });
    }
    return model;
  }

  const cases: Array<[string, string, RegExp]> = [
    ['an FFN projection', 'model.layers.0.mlp.up_proj.weight', /^the weight of MatMul "\/model\/layers\.0\/mlp\/up_proj\/MatMul" "model\.layers\.0\.mlp\.up_proj\.weight" is stored as int32; weights must be float32, float16 or bfloat16$/],
    ['an attention projection', 'model.layers.0.self_attn.q_proj.weight', /^the weight of MatMul "\/model\/layers\.0\/self_attn\/q_proj\/MatMul" "model\.layers\.0\.self_attn\.q_proj\.weight" is stored as int32;/],
    ['the embedding', 'model.embed_tokens.weight', /^the embedding table "model\.embed_tokens\.weight" is stored as int32;/],
    ['the LM head', 'lm_head.weight', /^the LM head weight \(MatMul "\/lm_head\/MatMul"\) "lm_head\.weight" is stored as int32;/],
    ['a norm scale', 'model.layers.0.post_attention_layernorm.weight', /: the norm scale "model\.layers\.0\.post_attention_layernorm\.weight" is stored as int32;/],
  ];
  for (const [what, name, message] of cases) {
    for (const castToFloat of [false, true]) {
      it(`refuses ${what} stored as int32${castToFloat ? ' behind a Cast to float' : ''}, naming it`, () => {
        const model = withInt32(buildTestDecoder({ layers: 1, hidden: 16, heads: 2 }), name, castToFloat);
        expect(() => findDecoderStructure(model)).toThrow(message);
      });
    }
  }
});
