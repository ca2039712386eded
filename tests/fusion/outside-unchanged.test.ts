import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuseFfnRanges } from '../../lib/fusion/fuse-ffn-ranges.ts';
import { writeFusedModel } from '../../lib/fusion/write-fused-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import type { OnnxModel } from '../../lib/onnx/onnx-model.ts';
import { saveOnnxModel } from '../../lib/onnx/save-onnx-model.ts';
import { tensorBytes } from '../../lib/onnx/tensor-data.ts';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { seededTokens } from '../support/seed-analysis.ts';
import { runModel } from './support/run-logits.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusion-outside-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const nodeKey = (n: { name?: string; opType?: string; input?: string[]; output?: string[]; attribute?: unknown[] }) =>
  JSON.stringify([n.name, n.opType, n.input, n.output, n.attribute]);

function initializerBytes(model: OnnxModel): Map<string, Buffer> {
  return new Map((model.proto.graph!.initializer ?? []).map((t) => [t.name!, Buffer.from(tensorBytes(model, t))]));
}

describe.each(['torchscript', 'dynamo'] as const)('fusing changes nothing outside the ranges (%s export)', (naming) => {
  const file = path.join(dir, `${naming}.onnx`);
  writeTestDecoder(file, { layers: 8, hidden: 32, ffnWidth: 40, attentionFreeLayers: [2, 3, 4, 5], naming, seed: 21, externalData: naming === 'dynamo' });
  const source = loadOnnxModel(file);
  const structure = findDecoderStructure(source);
  const nodesBefore = source.proto.graph!.node!.length;
  const fused = fuseFfnRanges(source, structure, [[2, 4]]).model;
  const rangeNodes = new Set(structure.blocks.slice(2, 5).flatMap((b) => [...b.ffn!.nodes, b.ffn!.addNode]));
  const rangeWeights = new Set(structure.blocks.slice(2, 5).flatMap((b) => b.ffn!.initializers ?? []));

  it('keeps every node outside the range, identical and in the same order, and leaves the source model alone', () => {
    expect(source.proto.graph!.node!.length).toBe(nodesBefore);
    const outside = source.proto.graph!.node!.filter((n) => !rangeNodes.has(n.name!)).map(nodeKey);
    const kept = new Set(outside);
    expect(fused.proto.graph!.node!.map(nodeKey).filter((k) => kept.has(k))).toEqual(outside);
    expect(fused.proto.graph!.node!.filter((n) => !n.name!.startsWith('/fused/blocks.2-4/')).length).toBe(outside.length);
  });

  it('keeps every weight outside the range byte-identical and drops the range\'s own', () => {
    const before = initializerBytes(source);
    const after = initializerBytes(fused);
    for (const [name, bytes] of before) {
      if (rangeWeights.has(name)) expect(after.has(name)).toBe(false);
      else expect(after.get(name)?.equals(bytes)).toBe(true);
    }
    expect([...after.keys()].filter((n) => !before.has(n)).every((n) => n.startsWith('fused.blocks.2-4.'))).toBe(true);
  });

  it('computes the stream entering the range bit for bit as before, and reads back as one wide FFN block', async () => {
    const xa = structure.blocks[2].input;
    const fusedFile = path.join(dir, `${naming}.fused.onnx`);
    writeFusedModel(fused, fusedFile);
    const withOutput = (m: OnnxModel, to: string) => {
      m.proto.graph!.output!.push({ name: xa });
      return saveOnnxModel(m, to).path;
    };
    const tokens = seededTokens(2 * 10, 256, 5);
    const original = await runModel(withOutput(loadOnnxModel(file), path.join(dir, `${naming}.x.onnx`)), tokens, 2, 10, [xa], structure);
    const candidate = await runModel(withOutput(loadOnnxModel(fusedFile), path.join(dir, `${naming}.fused.x.onnx`)), tokens, 2, 10, [xa], structure);
    expect(Buffer.from(candidate[xa].buffer).equals(Buffer.from(original[xa].buffer))).toBe(true);
    const after = findDecoderStructure(loadOnnxModel(fusedFile));
    expect(after.blocks.map((b) => [b.attention !== null, b.ffn?.ffn?.width ?? null])).toEqual([
      [true, 40], [true, 40], [false, 120], [false, 40], [true, 40], [true, 40],
    ]);
  });
});
