import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModelFeeds } from '../../lib/onnx/build-model-feeds.ts';
import { intAttribute } from '../../lib/onnx/constant-values.ts';
import { DataType } from '../../lib/onnx/data-types.ts';
import type { DecoderPartition, StageModel } from '../../lib/onnx/decoder-partition.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import { isExternalTensor } from '../../lib/onnx/external-data.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import type { OnnxModel } from '../../lib/onnx/onnx-model.ts';
import { AttributeType, type ModelProto } from '../../lib/onnx/onnx-types.ts';
import { partitionDecoder } from '../../lib/onnx/partition-decoder.ts';
import { promotedInputSpecs, promoteToFloat32 } from '../../lib/onnx/promote-to-float32.ts';
import { saveOnnxModel } from '../../lib/onnx/save-onnx-model.ts';
import { buildTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { roundedToHalfPrecision, toHalfPrecision } from '../../lib/testmodels/half-precision.ts';
import { makeTempDir, maxAbsDifference, runPartitioned, sequenceTokens } from './helpers.ts';

const temp = makeTempDir('half-promotion');
afterAll(() => temp.cleanup());

const BATCH = 2;
const SEQ = 10;
const tokens = sequenceTokens(BATCH, SEQ);

async function logits(model: ModelProto | string, feeds: Record<string, ort.Tensor>): Promise<Float32Array> {
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(encodeModel(model));
  const { logits } = await session.run(feeds, ['logits']);
  await session.release();
  expect(logits.type).toBe('float32');
  return logits.data as Float32Array;
}

/** Feeds for a promoted model: its half inputs (past_key_values of a half graph) are float32 now. */
function promotedFeeds(half: OnnxModel): Record<string, ort.Tensor> {
  return buildModelFeeds(promotedInputSpecs(findDecoderStructure(half).inputs), tokens, BATCH, SEQ);
}

const MODELS: Array<[string, TestDecoderOptions]> = [
  ['TorchScript, Optimum inputs, tied embeddings', { layers: 3, hidden: 32, heads: 4, kvHeads: 2, optimumInputs: true, tiedEmbeddings: true, attentionFreeLayers: [1] }],
  ['dynamo, Optimum inputs', { layers: 3, hidden: 32, heads: 4, naming: 'dynamo', optimumInputs: true, attentionFreeLayers: [1] }],
  ['GPT-2 style (LayerNorm, learned positions, GELU with biases)', { layers: 2, hidden: 16, heads: 2, norm: 'layer', positions: 'learned', activation: 'gelu' }],
];

describe('promoteToFloat32', () => {
  for (const [label, options] of MODELS) {
    it(`computes exactly the float32 model of the rounded weights: ${label}`, async () => {
      const model = buildTestDecoder(options);
      const feeds = buildModelFeeds(findDecoderStructure(model), tokens, BATCH, SEQ);
      for (const dtype of ['float16', 'bfloat16'] as const) {
        for (const pattern of ['cast', 'half-graph'] as const) {
          const half = toHalfPrecision(model, dtype, pattern);
          const before = Buffer.from(encodeModel(half.proto));
          const promoted = promoteToFloat32(half.proto);
          expect(Buffer.from(encodeModel(half.proto)).equals(before), 'the input is not modified').toBe(true);
          const reference = await logits(roundedToHalfPrecision(model, dtype, pattern).proto, feeds);
          expect(maxAbsDifference(await logits(promoted, promotedFeeds(half)), reference), `${dtype} ${pattern}`).toBe(0);
        }
      }
    });
  }

  it('keeps half initializers stored as they are, casting each once unless its readers all Cast it', () => {
    const model = buildTestDecoder({ layers: 1, hidden: 16, heads: 2, naming: 'dynamo' });
    const cast = toHalfPrecision(model, 'float16', 'cast');
    const promotedCast = promoteToFloat32(cast.proto);
    // Mixed-precision layout: every weight is read by its Cast already, so nothing is added.
    expect(promotedCast.graph!.node!.length).toBe(cast.proto.graph!.node!.length);
    expect(promotedCast.graph!.initializer).toBe(cast.proto.graph!.initializer);

    const halfGraph = toHalfPrecision(model, 'bfloat16', 'half-graph');
    const promoted = promoteToFloat32(halfGraph.proto).graph!;
    expect(promoted.initializer).toBe(halfGraph.proto.graph!.initializer);
    const halfInitializers = promoted.initializer!.filter((t) => t.dataType === DataType.BFLOAT16).map((t) => t.name!);
    const added = promoted.node!.filter((n) => n.name!.startsWith('promote_to_float32/'));
    expect(added.map((n) => n.input![0]).sort()).toEqual(halfInitializers.filter((name) => {
      const readers = halfGraph.proto.graph!.node!.filter((n) => n.input!.includes(name));
      return !readers.every((n) => n.opType === 'Cast');
    }).sort());
    expect(added.every((n) => n.opType === 'Cast' && intAttribute(n, 'to', 0) === DataType.FLOAT)).toBe(true);
    for (const node of promoted.node!) {
      if (node.opType === 'Cast') expect(intAttribute(node, 'to', 0), node.name).not.toBe(DataType.BFLOAT16);
      for (const a of node.attribute ?? []) if (a.t) expect(a.t.dataType, node.name).not.toBe(DataType.BFLOAT16);
      // Nothing reads a half initializer but its Cast.
      for (const input of node.input ?? []) if (halfInitializers.includes(input)) expect(node.opType).toBe('Cast');
    }
    for (const v of [...promoted.input!, ...promoted.output!]) expect(v.type!.tensorType!.elemType).not.toBe(DataType.BFLOAT16);
  });

  it('leaves a float32 model as it is', () => {
    for (const naming of ['torchscript', 'dynamo'] as const) {
      const model = buildTestDecoder({ layers: 2, hidden: 16, heads: 2, naming, optimumInputs: true });
      const bytes = Buffer.from(encodeModel(model.proto));
      const promoted = promoteToFloat32(model.proto);
      expect(promoted).toBe(model.proto);
      expect(Buffer.from(encodeModel(promoted)).equals(bytes)).toBe(true);
    }
  });

  it('never reads initializer data: external references stay, and onnxruntime loads them', async () => {
    const model = buildTestDecoder({ layers: 2, hidden: 16, heads: 2, optimumInputs: true });
    const path = join(temp.dir, 'half.onnx');
    saveOnnxModel(toHalfPrecision(model, 'float16', 'half-graph'), path, { externalData: true, sizeThreshold: 0 });
    const loaded = loadOnnxModel(path);
    const external = loaded.proto.graph!.initializer!.filter(isExternalTensor);
    expect(external.length).toBeGreaterThan(10);

    // Written next to the data file, the promoted model reads the same external data.
    const promoted = promoteToFloat32(loaded.proto);
    expect(promoted.graph!.initializer).toBe(loaded.proto.graph!.initializer);
    const promotedPath = join(temp.dir, 'promoted.onnx');
    writeFileSync(promotedPath, encodeModel(promoted));
    const reference = await logits(roundedToHalfPrecision(model, 'float16', 'half-graph').proto, buildModelFeeds(findDecoderStructure(model), tokens, BATCH, SEQ));
    expect(maxAbsDifference(await logits(promotedPath, promotedFeeds(loaded)), reference)).toBe(0);

    // With the data file gone, promotion still works: it only rewrites the graph.
    rmSync(`${path}.data`);
    expect(encodeModel(promoteToFloat32(loaded.proto))).toEqual(encodeModel(promoted));
  });

  it('promotes stage models as partitionDecoder builds them from a model with external data', async () => {
    const model = buildTestDecoder({ layers: 3, hidden: 16, heads: 2, naming: 'dynamo', optimumInputs: true, attentionFreeLayers: [1] });
    const path = join(temp.dir, 'stages-bf16.onnx');
    saveOnnxModel(toHalfPrecision(model, 'bfloat16', 'half-graph'), path, { externalData: true });
    const half = loadOnnxModel(path);
    const partition = partitionDecoder(half, findDecoderStructure(half));
    const promote = (stage: StageModel): StageModel => {
      const promoted = promoteToFloat32(stage.model);
      // The stage's weights stay references to the model's data file, read only when the stage is loaded.
      expect(promoted.graph!.initializer).toBe(stage.model.graph!.initializer);
      for (const v of [...promoted.graph!.input!, ...promoted.graph!.output!]) expect(v.type!.tensorType!.elemType).not.toBe(DataType.BFLOAT16);
      return { model: promoted, inputs: stage.inputs, outputs: stage.outputs };
    };
    expect(partition.blocks[0].model.graph!.initializer!.some(isExternalTensor)).toBe(true);
    const promoted: DecoderPartition = {
      prologue: promote(partition.prologue), blocks: partition.blocks.map(promote), epilogue: promote(partition.epilogue), sideValues: partition.sideValues,
    };
    const rounded = roundedToHalfPrecision(model, 'bfloat16', 'half-graph');
    const reference = await logits(rounded.proto, buildModelFeeds(findDecoderStructure(rounded), tokens, BATCH, SEQ));
    const staged = await runPartitioned(promoted, promotedFeeds(half), half);
    // Exact today; stage boundaries may change onnxruntime's fusions, hence 1e-6 of the largest logit.
    const scale = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(maxAbsDifference(staged, reference)).toBeLessThanOrEqual(1e-6 * scale);
  });

  it('promotes Cast targets, dtype attributes, constants and the graphs of If branches', () => {
    const fp16 = (values: number[]) => ({ dims: [values.length], dataType: DataType.FLOAT16, rawData: new Uint8Array(Uint16Array.from(values).buffer) });
    const branch = (value: number) => ({
      name: 'branch',
      node: [{ opType: 'Mul', input: ['w', 'c'], output: ['y'], name: `mul_${value}` }],
      output: [{ name: 'y', type: { tensorType: { elemType: DataType.FLOAT16 } } }],
    });
    const model: ModelProto = {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        initializer: [{ name: 'w', ...fp16([0x3c00, 0x4000]) }],
        input: [{ name: 'flag', type: { tensorType: { elemType: DataType.BOOL } } }],
        output: [{ name: 'out', type: { tensorType: { elemType: DataType.FLOAT16 } } }],
        node: [
          { opType: 'Constant', input: [], output: ['c'], name: 'c', attribute: [{ name: 'value', type: AttributeType.TENSOR, t: fp16([0x3800, 0x3800]) }] },
          { opType: 'EyeLike', input: ['c2d'], output: ['eye'], name: 'eye', attribute: [{ name: 'dtype', type: AttributeType.INT, i: DataType.FLOAT16 }] },
          { opType: 'If', input: ['flag'], output: ['out'], name: 'if', attribute: [
            { name: 'then_branch', type: AttributeType.GRAPH, g: branch(1) },
            { name: 'else_branch', type: AttributeType.GRAPH, g: branch(2) },
          ] },
        ],
      },
    };
    const promoted = promoteToFloat32(model).graph!;
    expect(promoted.output![0].type!.tensorType!.elemType).toBe(DataType.FLOAT);
    expect(promoted.node!.find((n) => n.name === 'c')!.attribute![0].t!.dataType).toBe(DataType.FLOAT);
    expect(Array.from(new Float32Array(promoted.node!.find((n) => n.name === 'c')!.attribute![0].t!.rawData!.slice().buffer))).toEqual([0.5, 0.5]);
    expect(intAttribute(promoted.node!.find((n) => n.name === 'eye')!, 'dtype', 0)).toBe(DataType.FLOAT);
    const [cast] = promoted.node!.filter((n) => n.opType === 'Cast');
    expect(cast.input).toEqual(['w']);
    const ifNode = promoted.node!.find((n) => n.opType === 'If')!;
    for (const a of ifNode.attribute!) {
      // The branch reads the outer initializer through its Cast, and declares float32.
      expect(a.g!.node![0].input).toEqual([cast.output![0], 'c']);
      expect(a.g!.output![0].type!.tensorType!.elemType).toBe(DataType.FLOAT);
    }
    expect(model.graph!.node![2].attribute![0].g!.node![0].input).toEqual(['w', 'c']);
  });

  it('refuses what it cannot promote, naming it', () => {
    const model: ModelProto = {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        initializer: [{ name: 'w', dims: [1], dataType: DataType.FLOAT16, rawData: new Uint8Array(2) }],
        output: [{ name: 'w', type: { tensorType: { elemType: DataType.FLOAT16 } } }],
        node: [],
      },
    };
    expect(() => promoteToFloat32(model)).toThrow('promoteToFloat32: output "w" of the graph is a float16 initializer itself; a Cast cannot take its name');
    const external: ModelProto = {
      ...model,
      graph: {
        name: 'g',
        output: [{ name: 'c', type: { tensorType: { elemType: DataType.BFLOAT16 } } }],
        node: [{ opType: 'Constant', name: 'k', input: [], output: ['c'], attribute: [{
          name: 'value', type: AttributeType.TENSOR,
          t: { dims: [4], dataType: DataType.BFLOAT16, dataLocation: 1, externalData: [{ key: 'location', value: 'c.bin' }] },
        }] }],
      },
    };
    expect(() => promoteToFloat32(external)).toThrow('promoteToFloat32: attribute "value" of Constant node "k" in the graph holds a bfloat16 tensor in external data; only inline constants are converted');
  });
});

describe('half-precision versions of the real PyTorch exports (tests/fixtures/exports)', () => {
  // One per exporter: HF Llama through TorchScript (RMSNorm with its own Casts), the demo architecture through dynamo.
  const fixtures = ['hf-llama-torchscript', 'tiny-dynamo'];
  for (const fixture of fixtures) {
    it(`${fixture}: same blocks, and promotion computes the rounded float32 model exactly`, async () => {
      const model = loadOnnxModel(new URL(`../fixtures/exports/${fixture}.onnx`, import.meta.url).pathname);
      const reference = findDecoderStructure(model);
      const feeds = buildModelFeeds(reference, sequenceTokens(2, 8), 2, 8);
      for (const dtype of ['float16', 'bfloat16'] as const) {
        const pattern = 'half-graph';
        const half = toHalfPrecision(model, dtype, pattern);
        const structure = findDecoderStructure(half);
        expect(structure.blocks.map((b) => [b.attention !== null, b.ffn?.ffn?.width])).toEqual(reference.blocks.map((b) => [b.attention !== null, b.ffn?.ffn?.width]));
        expect(structure.weightDataType).toBe(dtype);
        const promoted = await logits(promoteToFloat32(half.proto), buildModelFeeds(promotedInputSpecs(structure.inputs), sequenceTokens(2, 8), 2, 8));
        expect(maxAbsDifference(promoted, await logits(roundedToHalfPrecision(model, dtype, pattern).proto, feeds)), `${dtype} ${pattern}`).toBe(0);
      }
    });
  }
});
