import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuseFfnRanges } from '../../lib/fusion/fuse-ffn-ranges.ts';
import { fuseRangesToFile } from '../../lib/fusion/fuse-ranges-to-file.ts';
import type { FusionRange } from '../../lib/fusion/fusion-range.ts';
import { planFusedModel } from '../../lib/fusion/plan-fused-model.ts';
import { readFfnParts } from '../../lib/fusion/read-ffn-parts.ts';
import { buildWideFfn } from '../../lib/fusion/wide-ffn.ts';
import { writeFusedModel } from '../../lib/fusion/write-fused-model.ts';
import { DataType } from '../../lib/onnx/data-types.ts';
import type { DecoderStructure } from '../../lib/onnx/decoder-structure.ts';
import { isExternalTensor } from '../../lib/onnx/external-data.ts';
import { ModelWriteError } from '../../lib/onnx/model-write-error.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { buildGraphIndex } from '../../lib/onnx/graph-index.ts';
import { toBfloat16Array, toFloat16Array } from '../../lib/onnx/half-float.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import type { OnnxModel } from '../../lib/onnx/onnx-model.ts';
import { saveOnnxModel } from '../../lib/onnx/save-onnx-model.ts';
import { tensorBytes } from '../../lib/onnx/tensor-data.ts';
import { buildTestDecoder, writeTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { seededTokens } from '../support/seed-analysis.ts';
import { parallelSumReference } from './support/parallel-sum-reference.ts';
import { maxRowRelativeError, runModel } from './support/run-logits.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusion-streamed-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * The wide tensors as the in-memory definition computes them (readFfnParts + buildWideFfn, in the
 * source's stored layout: [out, in] when transposed), encoded in `dataType`.
 */
function expectedWideTensors(model: OnnxModel, structure: DecoderStructure, [a, b]: FusionRange, dataType: number): Map<string, Buffer> {
  const index = buildGraphIndex(model.proto.graph!);
  const hidden = structure.hiddenSize;
  const parts = structure.blocks.slice(a, b + 1).map((block) => readFfnParts(model, index, block, hidden));
  const wide = buildWideFfn(parts, hidden);
  const stored = (values: Float32Array, rows: number, cols: number) => (wide.transposed ? transpose(values, rows, cols) : values);
  const encode = (values: Float32Array) => bytesOf(dataType === DataType.FLOAT16 ? toFloat16Array(values) : dataType === DataType.BFLOAT16 ? toBfloat16Array(values) : values);
  const prefix = `fused.blocks.${a}-${b}`;
  const out = new Map<string, Buffer>();
  out.set(`${prefix}.up_proj.weight`, encode(stored(wide.up, hidden, wide.width)));
  if (wide.gate) out.set(`${prefix}.gate_proj.weight`, encode(stored(wide.gate, hidden, wide.width)));
  out.set(`${prefix}.down_proj.weight`, encode(stored(wide.down, wide.width, hidden)));
  if (wide.upBias) out.set(`${prefix}.up_proj.bias`, encode(wide.upBias));
  if (wide.gateBias) out.set(`${prefix}.gate_proj.bias`, encode(wide.gateBias));
  if (wide.downBias) out.set(`${prefix}.down_proj.bias`, encode(wide.downBias));
  return out;
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

function initializerBytes(model: OnnxModel): Map<string, Buffer> {
  return new Map((model.proto.graph!.initializer ?? []).map((t) => [t.name!, Buffer.from(tensorBytes(model, t))]));
}

const CASES: Array<{ name: string; options: TestDecoderOptions & { externalData?: boolean }; ranges: FusionRange[] }> = [
  { name: 'TorchScript gated SiLU, inline, two ranges', options: { layers: 9, hidden: 32, ffnWidth: 48, attentionFreeLayers: [1, 2, 3, 5, 6, 7], seed: 31 }, ranges: [[1, 2], [5, 7]] },
  { name: 'TorchScript gated SiLU, external data', options: { layers: 7, hidden: 32, ffnWidth: 40, attentionFreeLayers: [2, 3, 4, 5], seed: 32, externalData: true }, ranges: [[2, 5]] },
  { name: 'dynamo gated SiLU, external data, two ranges', options: { layers: 9, hidden: 32, ffnWidth: 48, naming: 'dynamo', attentionFreeLayers: [1, 2, 3, 5, 6, 7], seed: 33, externalData: true }, ranges: [[1, 3], [5, 6]] },
  { name: 'TorchScript GELU MLP with biases, external data', options: { layers: 7, hidden: 32, activation: 'gelu', attentionFreeLayers: [1, 2, 3, 4], seed: 34, externalData: true }, ranges: [[1, 4]] },
  { name: 'dynamo ReLU MLP with biases, inline, two ranges', options: { layers: 9, hidden: 32, activation: 'relu', naming: 'dynamo', attentionFreeLayers: [1, 2, 4, 5, 6], seed: 35 }, ranges: [[1, 2], [4, 6]] },
  { name: 'dynamo GELU MLP with biases, external data', options: { layers: 7, hidden: 32, activation: 'gelu', naming: 'dynamo', attentionFreeLayers: [1, 2, 3, 4], seed: 36, externalData: true }, ranges: [[2, 4]] },
];

describe('the streamed fused model holds the in-memory fused tensors byte for byte', () => {
  for (const { name, options, ranges } of CASES) {
    it(name, () => {
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.onnx`);
      writeTestDecoder(file, { ...options, weightScale: 0.3 });
      const source = loadOnnxModel(file);
      const structure = findDecoderStructure(source);
      const streamed = fuseRangesToFile(source, structure, ranges, file.replace(/\.onnx$/, '.fused.onnx')).saved;
      // Pieces of 200 bytes: every band is one row (a row is wider), so each tensor takes many pieces.
      const plan = planFusedModel(source, structure, ranges);
      const narrow = saveOnnxModel(plan.model, file.replace(/\.onnx$/, '.narrow.onnx'), { externalData: options.externalData, generated: plan.generated, pieceBytes: 200 });
      expect(streamed.externalDataPath !== null).toBe(options.externalData === true);

      const inMemory = initializerBytes(fuseFfnRanges(source, structure, ranges).model);
      const before = initializerBytes(source);
      const expected = new Map(ranges.flatMap((range) => [...expectedWideTensors(source, structure, range, DataType.FLOAT)]));
      for (const saved of [streamed, narrow]) {
        const loaded = loadOnnxModel(saved.path);
        const after = initializerBytes(loaded);
        expect([...after.keys()].sort()).toEqual([...inMemory.keys()].sort());
        for (const [tensor, bytes] of expected) expect(after.get(tensor)?.equals(bytes), tensor).toBe(true);
        for (const [tensor, bytes] of after) {
          expect(bytes.equals(inMemory.get(tensor)!), tensor).toBe(true);
          if (!expected.has(tensor) && !tensor.startsWith('fused.')) expect(bytes.equals(before.get(tensor)!), tensor).toBe(true);
        }
      }
    });
  }

  it('the fused model file itself equals the in-memory fused model saved the old way', () => {
    const file = path.join(dir, 'whole-file.onnx');
    writeTestDecoder(file, { layers: 7, hidden: 32, naming: 'dynamo', attentionFreeLayers: [1, 2, 3, 4], seed: 37, externalData: true });
    const source = loadOnnxModel(file);
    const structure = findDecoderStructure(source);
    const [streamedDir, memoryDir] = ['streamed', 'memory'].map((d) => path.join(dir, d));
    const streamed = fuseRangesToFile(source, structure, [[1, 3]], path.join(streamedDir, 'fused.onnx')).saved;
    const memory = writeFusedModel(fuseFfnRanges(source, structure, [[1, 3]]).model, path.join(memoryDir, 'fused.onnx'));
    expect(fs.readFileSync(streamed.path).equals(fs.readFileSync(memory.path))).toBe(true);
    expect(fs.readFileSync(streamed.externalDataPath!).equals(fs.readFileSync(memory.externalDataPath!))).toBe(true);
  });
});

describe('a fused model that cannot be written', () => {
  it('leaves no file and no folder it made behind, and names the file', () => {
    const file = path.join(dir, 'cut-short.onnx');
    writeTestDecoder(file, { layers: 6, hidden: 32, attentionFreeLayers: [1, 2, 3], seed: 38, externalData: true });
    const source = loadOnnxModel(file);
    const structure = findDecoderStructure(source);
    fs.truncateSync(`${file}.data`, 1000);
    const target = path.join(dir, 'cut-short', 'run-1', 'fused.onnx');
    expect(() => fuseRangesToFile(source, structure, [[1, 2]], target)).toThrow(ModelWriteError);
    expect(() => fuseRangesToFile(source, structure, [[1, 2]], target)).toThrow(`could not write ${target}: external data of tensor`);
    expect(fs.existsSync(path.join(dir, 'cut-short'))).toBe(false);
  });
});

describe('half-precision FFN weights (initializers cast to float32)', () => {
  const HALF_TYPES = [
    // 4u, u the type's unit roundoff: each folded weight is rounded once (wide-ffn-tensors.ts).
    { dtype: 'float16', dataType: DataType.FLOAT16, tolerance: 4 * 2 ** -11 },
    { dtype: 'bfloat16', dataType: DataType.BFLOAT16, tolerance: 4 * 2 ** -8 },
  ] as const;
  for (const naming of ['torchscript', 'dynamo'] as const) {
    for (const { dtype, dataType, tolerance } of HALF_TYPES) {
      it(`${naming}, ${dtype}: wide weights computed in float32 and stored as ${dtype} rounded once; logits within ${tolerance.toExponential(1)} of the parallel sum`, async () => {
        const file = path.join(dir, `half-${naming}-${dtype}.onnx`);
        writeTestDecoder(file, { layers: 8, hidden: 32, ffnWidth: 48, naming, attentionFreeLayers: [2, 3, 4, 5, 6], seed: 41, weightScale: 0.3, dtype, externalData: true });
        const model = loadOnnxModel(file);
        const structure = findDecoderStructure(model);
        expect(structure.blocks[2].ffn!.ffn!.up.dataType).toBe(dataType);
        const ranges: FusionRange[] = [[2, 5]];
        const fused = fuseRangesToFile(model, structure, ranges, path.join(dir, `half-${naming}-${dtype}.fused.onnx`)).saved;

        const loaded = loadOnnxModel(fused.path);
        const after = initializerBytes(loaded);
        for (const [tensor, bytes] of expectedWideTensors(model, structure, ranges[0], dataType)) {
          expect(loaded.proto.graph!.initializer!.find((t) => t.name === tensor)!.dataType, tensor).toBe(dataType);
          expect(after.get(tensor)?.equals(bytes), tensor).toBe(true);
        }
        expect(loaded.proto.graph!.initializer!.filter(isExternalTensor).length).toBeGreaterThan(0);
        const fusedStructure = findDecoderStructure(loaded);
        expect(fusedStructure.blocks.map((b) => b.ffn?.ffn?.width ?? null)).toEqual([48, 48, 192, 48, 48]);
        expect(fusedStructure.blocks[2].ffn!.ffn!.up.dataType).toBe(dataType);

        const reference = saveOnnxModel(parallelSumReference(model, structure, ranges), path.join(dir, `half-${naming}-${dtype}.reference.onnx`), { externalData: true });
        const tokens = seededTokens(2 * 12, 256, 4);
        const [actual, expected] = await Promise.all([fused.path, reference.path].map((f) => runModel(f, tokens, 2, 12, undefined, structure)));
        const error = maxRowRelativeError(actual[structure.logits], expected[structure.logits], structure.vocabSize);
        console.log(`${naming} ${dtype}: max relative error on the logits ${error.toExponential(2)} against the parallel sum of the ${dtype} weights`);
        expect(error).toBeLessThanOrEqual(tolerance);
      });
    }
  }

  it('refuses a graph that computes in float16, naming what it found', () => {
    const model = buildTestDecoder({ layers: 4, hidden: 16, heads: 2, attentionFreeLayers: [1, 2], seed: 42, dtype: 'float16', halfGraph: true });
    expect(() => planFusedModel(model, findDecoderStructure(model), [[1, 2]])).toThrow(/^cannot fuse \[1, 2\]: the stream entering block 1 is float16; the fused FFN computes in float32/);
  });
});
