import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModelFeeds } from '../../lib/onnx/build-model-feeds.ts';
import { DataType } from '../../lib/onnx/data-types.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { float16ArrayToFloat32 } from '../../lib/onnx/half-float.ts';
import { intAttribute } from '../../lib/onnx/constant-values.ts';
import type { OnnxModel } from '../../lib/onnx/onnx-model.ts';
import { tensorDims } from '../../lib/onnx/tensor-data.ts';
import { buildTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { roundedToHalfPrecision, toHalfPrecision } from '../../lib/testmodels/half-precision.ts';
import { maxAbsDifference, sequenceTokens } from './helpers.ts';

/**
 * The half-precision test models themselves: what they store, that onnxruntime runs them, and how
 * close their logits are to the float32 model's. Measured on this decoder (2 x 12 tokens, logits
 * up to about 1.2): fp16 about 4e-4 of the largest logit in both layouts, bf16 about 3.5e-3.
 */
const FLOAT16_TOLERANCE = 2e-3;
const BFLOAT16_TOLERANCE = 2e-2;

const tokens = sequenceTokens(2, 12);

async function logits(model: OnnxModel, feeds: Record<string, ort.Tensor>): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(encodeModel(model.proto));
  const { logits } = await session.run(feeds, ['logits']);
  await session.release();
  return logits.type === 'float16' ? float16ArrayToFloat32(logits.data as Uint16Array) : (logits.data as Float32Array);
}

/** Largest difference relative to the largest reference logit. */
function relativeDifference(values: Float32Array, reference: Float32Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    difference = Math.max(difference, Math.abs(values[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return difference / scale;
}

describe('toHalfPrecision', () => {
  for (const naming of ['torchscript', 'dynamo'] as const) {
    const model = buildTestDecoder({ layers: 3, hidden: 32, heads: 4, naming, optimumInputs: true, attentionFreeLayers: [1] });
    const feeds = buildModelFeeds(findDecoderStructure(model), tokens, 2, 12);

    it(`'cast' stores the weights in the half type behind Casts to float32 (${naming})`, async () => {
      const reference = await logits(model, feeds);
      for (const dtype of ['float16', 'bfloat16'] as const) {
        const before = encodeModel(model.proto);
        const half = toHalfPrecision(model, dtype, 'cast');
        expect(Buffer.from(encodeModel(model.proto)).equals(Buffer.from(before))).toBe(true);
        const graph = half.proto.graph!;
        const halfType = dtype === 'float16' ? DataType.FLOAT16 : DataType.BFLOAT16;
        for (const t of graph.initializer!) {
          if (t.dataType === DataType.INT64) continue;
          // Float scalars (dynamo's constants) stay float32; every parameter is half.
          expect(t.dataType, t.name).toBe(tensorDims(t).length === 0 ? DataType.FLOAT : halfType);
        }
        const casts = graph.node!.filter((n) => n.opType === 'Cast' && graph.initializer!.some((t) => t.name === n.input![0]));
        expect(casts.length).toBe(graph.initializer!.filter((t) => t.dataType === halfType).length);
        expect(casts.every((n) => intAttribute(n, 'to', 0) === DataType.FLOAT)).toBe(true);
        expect(graph.output!.every((v) => v.type!.tensorType!.elemType === DataType.FLOAT)).toBe(true);
        const values = await logits(half, feeds);
        const difference = relativeDifference(values, reference);
        expect(difference).toBeGreaterThan(0);
        expect(difference).toBeLessThan(dtype === 'float16' ? FLOAT16_TOLERANCE : BFLOAT16_TOLERANCE);
        // The Casts make it compute exactly what float32 computes with the rounded weights.
        expect(maxAbsDifference(values, await logits(roundedToHalfPrecision(model, dtype, 'cast'), feeds))).toBe(0);
      }
    });

    it(`'half-graph' computes in float16 as model.half() exports it, and onnxruntime's CPU runs it (${naming})`, async () => {
      const half = toHalfPrecision(model, 'float16', 'half-graph');
      const graph = half.proto.graph!;
      expect(graph.initializer!.filter((t) => t.dataType === DataType.FLOAT)).toEqual([]);
      expect(graph.initializer!.some((t) => t.dataType === DataType.INT64)).toBe(naming === 'dynamo');
      for (const v of [...graph.input!, ...graph.output!]) {
        const expected = v.name!.startsWith('past') || v.name!.startsWith('present') || v.name === 'logits' ? DataType.FLOAT16 : DataType.INT64;
        expect(v.type!.tensorType!.elemType, v.name).toBe(expected);
      }
      // Rotary tables and (TorchScript) RMSNorm interiors compute in float32 behind Casts, as HF writes them.
      const castTargets = graph.node!.filter((n) => n.opType === 'Cast').map((n) => intAttribute(n, 'to', 0));
      expect(castTargets).toContain(DataType.FLOAT);
      expect(castTargets).toContain(DataType.FLOAT16);
      const halfFeeds = { ...feeds };
      for (const [name, tensor] of Object.entries(feeds)) {
        if (tensor.type === 'float32') halfFeeds[name] = new ort.Tensor('float16', new Uint16Array(0), tensor.dims);
      }
      const difference = relativeDifference(await logits(half, halfFeeds), await logits(model, feeds));
      expect(difference).toBeGreaterThan(0);
      expect(difference).toBeLessThan(FLOAT16_TOLERANCE);
    });

    it(`'half-graph' in bfloat16 is a valid graph that onnxruntime's CPU has no kernels for (${naming})`, async () => {
      const half = toHalfPrecision(model, 'bfloat16', 'half-graph');
      // Past the type checks (Cos/Sin, which have no bfloat16 type before opset 22, stay float32),
      // then refused at kernel lookup: the CPU provider has no bfloat16 arithmetic (see lib/onnx/README.md).
      await expect(ort.InferenceSession.create(encodeModel(half.proto))).rejects.toThrow(/Could not find an implementation for \w+/);
    });
  }

  it('keeps a float16 causal mask finite (saturated at -65504, not -inf)', () => {
    const half = toHalfPrecision(buildTestDecoder({ layers: 1, hidden: 16, heads: 2 }), 'float16', 'half-graph');
    const where = half.proto.graph!.node!.find((n) => n.opType === 'Where')!;
    const fill = half.proto.graph!.node!.find((n) => n.output![0] === where.input![2])!.attribute![0].t!;
    expect(fill.dataType).toBe(DataType.FLOAT16);
    expect(float16ArrayToFloat32(new Uint16Array(fill.rawData!.slice().buffer))[0]).toBe(-65504);
  });
});
