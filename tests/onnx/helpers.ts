import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { DecoderPartition, StageModel } from '../../lib/onnx/decoder-partition.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import type { OnnxModel } from '../../lib/onnx/onnx-model.ts';
import { runnableModel } from '../../lib/onnx/runnable-model.ts';

export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `fusionscope-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sequenceTokens(batch: number, seqLen: number, vocab = 256): BigInt64Array {
  return BigInt64Array.from({ length: batch * seqLen }, (_, i) => BigInt((i * 37 + 11) % vocab));
}

export async function runFullModel(model: OnnxModel | string, feeds: Record<string, ort.Tensor>, output = 'logits'): Promise<Float32Array> {
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(encodeModel(model.proto));
  const result = await session.run(feeds, [output]);
  await session.release();
  return result[output].data as Float32Array;
}

async function createSession(stage: StageModel, source: Pick<OnnxModel, 'baseDir'>): Promise<ort.InferenceSession> {
  const { bytes, externalData } = runnableModel(source, stage.model, 'stage');
  return ort.InferenceSession.create(bytes, { externalData });
}

async function runStage(stage: StageModel, feeds: Record<string, ort.Tensor>, source: Pick<OnnxModel, 'baseDir'>): Promise<ort.Tensor> {
  const session = await createSession(stage, source);
  const result = await session.run(Object.fromEntries(stage.inputs.map((n) => [n, feeds[n]])), [stage.outputs[0]]);
  await session.release();
  return result[stage.outputs[0]];
}

/** Runs prologue -> blocks -> epilogue. */
export async function runPartitioned(partition: DecoderPartition, feeds: Record<string, ort.Tensor>, source: Pick<OnnxModel, 'baseDir'>): Promise<Float32Array> {
  const session = await createSession(partition.prologue, source);
  const outputs = await session.run(Object.fromEntries(partition.prologue.inputs.map((n) => [n, feeds[n]])));
  await session.release();
  const sides = Object.fromEntries(partition.sideValues.map((name) => [name, outputs[name]]));
  let stream = outputs[partition.prologue.outputs[0]];
  for (const block of partition.blocks) stream = await runStage(block, { ...sides, [block.inputs[0]]: stream }, source);
  const logits = await runStage(partition.epilogue, { ...sides, [partition.epilogue.inputs[0]]: stream }, source);
  return logits.data as Float32Array;
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
