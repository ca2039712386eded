import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModelFeeds } from '../../lib/onnx/build-model-feeds.ts';
import { DataType } from '../../lib/onnx/data-types.ts';
import type { StageModel } from '../../lib/onnx/decoder-partition.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { float16ArrayToFloat32 } from '../../lib/onnx/half-float.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { partitionDecoder } from '../../lib/onnx/partition-decoder.ts';
import { promotedInputSpecs, promoteToFloat32 } from '../../lib/onnx/promote-to-float32.ts';
import { summarizeStructure } from '../../lib/onnx/summarize-structure.ts';
import { maxAbsDifference, runPartitioned } from './helpers.ts';

/** Half-precision exports written by PyTorch (tests/fixtures/half-exports/README.md). */
const DIR = new URL('../fixtures/half-exports/', import.meta.url).pathname;
const FIXTURES = [
  { file: 'hf-llama-fp16-torchscript', dtype: 'float16', logits: 'hf-llama-fp16' },
  { file: 'hf-llama-bf16-dynamo', dtype: 'bfloat16', logits: 'hf-llama-bf16' },
  { file: 'hf-llama-tied-fp16-dynamo', dtype: 'float16', logits: 'hf-llama-tied-fp16' },
  { file: 'hf-llama-tied-bf16-torchscript', dtype: 'bfloat16', logits: 'hf-llama-tied-bf16' },
] as const;

/**
 * Measured: promoted, onnxruntime is within 5e-5 of the largest logit of PyTorch's float32 run of
 * the same weights (the rest is the export's own half constants, e.g. the attention scale);
 * a float16 export run as it is (float16 kernels on CPU) within 8e-4.
 */
const PROMOTED_TOLERANCE = 2e-4;
const FLOAT16_RUN_TOLERANCE = 3e-3;

function binary<T>(name: string, make: (buffer: ArrayBuffer) => T): T {
  return make(Uint8Array.from(readFileSync(`${DIR}${name}`)).buffer);
}

const ids = binary('input-ids.i64', (b) => new BigInt64Array(b));

function relativeDifference(values: Float32Array, reference: Float32Array): number {
  return maxAbsDifference(values, reference) / reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const { logits } = await session.run(feeds, ['logits']);
  await session.release();
  return logits.type === 'float16' ? float16ArrayToFloat32(logits.data as Uint16Array) : (logits.data as Float32Array);
}

describe('PyTorch float16 and bfloat16 exports', () => {
  for (const fixture of FIXTURES) {
    it(`${fixture.file}: found as a decoder, and promoted it computes PyTorch's float32 run of its weights`, async () => {
      const model = loadOnnxModel(`${DIR}${fixture.file}.onnx`);
      const structure = findDecoderStructure(model);
      const summary = summarizeStructure(structure);
      expect([summary.blockCount, summary.hiddenSize, summary.vocabSize]).toEqual([3, 32, 256]);
      expect(summary.blocks.every((b) => b.attention && b.ffn && b.ffnWidth === 80)).toBe(true);
      expect(summary.weightDataType).toBe(fixture.dtype);
      const half = fixture.dtype === 'float16' ? DataType.FLOAT16 : DataType.BFLOAT16;
      const initializers = new Map(model.proto.graph!.initializer!.map((t) => [t.name!, t]));
      for (const block of structure.blocks) {
        const ffn = block.ffn!.ffn!;
        for (const w of [ffn.gate!, ffn.up, ffn.down]) expect([w.dataType, initializers.get(w.initializer)?.dataType]).toEqual([half, half]);
        expect(initializers.get(ffn.normScale!)?.dataType).toBe(half);
      }

      const reference = binary(`${fixture.logits}-upcast-logits.f32`, (b) => new Float32Array(b));
      const feeds = buildModelFeeds(promotedInputSpecs(structure.inputs), ids, 2, 8);
      const promoted = await run(encodeModel(promoteToFloat32(model.proto)), feeds);
      expect(relativeDifference(promoted, reference)).toBeLessThan(PROMOTED_TOLERANCE);

      // The engine's way: each stage promoted on its own gives the promoted whole model's logits.
      const partition = partitionDecoder(model, structure);
      const promote = (stage: StageModel): StageModel => ({ ...stage, model: promoteToFloat32(stage.model) });
      const staged = await runPartitioned(
        { prologue: promote(partition.prologue), blocks: partition.blocks.map(promote), epilogue: promote(partition.epilogue), sideValues: partition.sideValues },
        feeds, model,
      );
      expect(relativeDifference(staged, promoted)).toBeLessThanOrEqual(1e-6);

      if (fixture.dtype === 'float16') {
        expect(relativeDifference(await run(encodeModel(model.proto), feeds), reference)).toBeLessThan(FLOAT16_RUN_TOLERANCE);
      } else {
        await expect(ort.InferenceSession.create(encodeModel(model.proto))).rejects.toThrow(/Could not find an implementation for Where/);
      }
    });
  }
});
