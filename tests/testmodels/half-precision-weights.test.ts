import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataType } from '../../lib/onnx/data-types.ts';
import { float32ToBfloat16Bits, float32ToFloat16Bits } from '../../lib/onnx/half-float.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import type { OnnxModel } from '../../lib/onnx/onnx-model.ts';
import type { NodeProto, TensorProto } from '../../lib/onnx/onnx-types.ts';
import { tensorBytes, tensorDims } from '../../lib/onnx/tensor-data.ts';
import { buildTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { streamTestDecoder } from '../../lib/testmodels/stream-test-decoder.ts';
import { encodeFloats, type WeightDtype } from '../../lib/testmodels/weight-precision.ts';
import { makeTempFolder } from './temp-folder.ts';

const temp = makeTempFolder('half-test-decoder');
afterAll(() => temp.cleanup());

const BASE: TestDecoderOptions = { layers: 3, hidden: 64, heads: 4, kvHeads: 2, vocab: 300, seed: 11 };
const ROUND: Record<Exclude<WeightDtype, 'float32'>, (value: number) => number> = { float16: float32ToFloat16Bits, bfloat16: float32ToBfloat16Bits };
const TYPE = { float16: DataType.FLOAT16, bfloat16: DataType.BFLOAT16 };

async function written(name: string, options: TestDecoderOptions): Promise<OnnxModel> {
  const dir = join(temp.dir, name);
  mkdirSync(dir);
  await streamTestDecoder(join(dir, 'model.onnx'), options, { chunkElements: 777 });
  return loadOnnxModel(join(dir, 'model.onnx'), { uniqueNodeNames: false });
}

/** The weight initializers in graph order (constants are scalars; weights, rotary frequencies included, are not). */
function weightsOf(model: OnnxModel, dataType: number): TensorProto[] {
  return model.proto.graph!.initializer!.filter((t) => t.dataType === dataType && (t.dims ?? []).length > 0);
}

function valuesOf<T extends Float32Array | Uint16Array>(model: OnnxModel, tensor: TensorProto, make: (b: ArrayBuffer) => T): T {
  const bytes = tensorBytes(model, tensor);
  return make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

describe('half-precision test decoders', () => {
  for (const naming of ['torchscript', 'dynamo'] as const) {
    const float32Model = buildTestDecoder({ ...BASE, naming });
    const reference = weightsOf(float32Model, DataType.FLOAT);
    for (const dtype of ['float16', 'bfloat16'] as const) {
      for (const halfGraph of [false, true]) {
        it(`stores the float32 weights of the same seed rounded to ${dtype} (${naming}, ${halfGraph ? 'half graph' : 'Cast to float32'})`, async () => {
          const model = await written(`${naming}-${dtype}-${halfGraph}`, { ...BASE, naming, dtype, halfGraph });
          const graph = model.proto.graph!;
          const weights = weightsOf(model, TYPE[dtype]);
          expect(weights.map(tensorDims)).toEqual(reference.map(tensorDims));
          if (naming === 'torchscript') expect(weights.map((t) => t.name)).toEqual(reference.map((t) => t.name));
          weights.forEach((tensor, w) => {
            const expected = valuesOf(float32Model, reference[w], (b) => new Float32Array(b));
            const bits = valuesOf(model, tensor, (b) => new Uint16Array(b));
            let mismatches = 0;
            for (let i = 0; i < bits.length; i++) if (bits[i] !== ROUND[dtype](expected[i])) mismatches++;
            expect(mismatches, reference[w].name).toBe(0);
          });

          const logits = graph.output!.find((o) => o.name === 'logits')!;
          const consumers = (name: string) => graph.node!.filter((n) => n.input!.includes(name));
          const castsTo = (n: NodeProto, type: number) => n.opType === 'Cast' && Number(n.attribute!.find((a) => a.name === 'to')!.i) === type;
          if (!halfGraph) {
            // Weights-only half precision: each weight feeds exactly one Cast to float32; the graph computes in float32.
            expect(logits.type!.tensorType!.elemType).toBe(DataType.FLOAT);
            for (const tensor of weights) {
              const uses = consumers(tensor.name!);
              expect(uses.length, tensor.name).toBe(1);
              expect(castsTo(uses[0], DataType.FLOAT)).toBe(true);
            }
            expect(weightsOf(model, DataType.FLOAT)).toEqual([]);
          } else {
            // The whole graph in the half type: weights are used as they are (only the rotary frequencies,
            // weights[1], are cast: HF computes cos/sin in float32), every float initializer and constant is
            // half, except the float32 constants of the RMSNorm islands TorchScript keeps.
            expect(logits.type!.tensorType!.elemType).toBe(TYPE[dtype]);
            weights.forEach((tensor, w) => {
              if (w !== 1) expect(consumers(tensor.name!).some((n) => n.opType === 'Cast'), tensor.name).toBe(false);
            });
            expect(graph.initializer!.filter((t) => t.dataType === DataType.FLOAT)).toEqual([]);
            const float32Constants = graph.node!.filter((n) => n.opType === 'Constant' && n.attribute![0].t!.dataType === DataType.FLOAT);
            if (naming === 'dynamo') expect(float32Constants).toEqual([]);
            expect(float32Constants.filter((n) => !/layernorm|^\/model\/norm\//.test(n.name!))).toEqual([]);
          }
        });
      }
    }
  }

  it('rounds like lib/onnx/half-float.ts on every exponent, at ties, subnormals, overflow and NaN', () => {
    const bits: number[] = [];
    for (let signExponent = 0; signExponent < 512; signExponent++) {
      for (const mantissa of [0, 1, 0xfff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x3000, 0x5000, 0x7fe000, 0x7fefff, 0x7ff000, 0x7fffff, 0x123456, 0x400000]) {
        bits.push(((signExponent << 23) | mantissa) >>> 0);
      }
    }
    for (let i = 0; i < 20000; i++) bits.push(Math.floor(Math.random() * 2 ** 32));
    const values = new Float32Array(Uint32Array.from(bits).buffer);
    const half = new Uint16Array(encodeFloats(values, DataType.FLOAT16).slice().buffer);
    const brain = new Uint16Array(encodeFloats(values, DataType.BFLOAT16).slice().buffer);
    let wrong = 0;
    values.forEach((v, i) => {
      if (half[i] !== float32ToFloat16Bits(v) || brain[i] !== float32ToBfloat16Bits(v)) wrong++;
    });
    expect(wrong).toBe(0);
  });
});
