import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeDependencyMatrix } from '../../lib/analysis/dependency-matrix.ts';
import type { DependencyMatrixResult } from '../../lib/analysis/types.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { materializeDemoExport } from '../fixtures/demo-exports/materialize-demo-export.ts';
import { upcastToFloat32 } from '../fixtures/demo-exports/upcast-to-float32.ts';
import { DEMO_MODEL, demoTokens } from './model-fixtures.ts';

const EXPORTS = path.resolve('tests/fixtures/demo-exports');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusionscope-real-exports-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const tokens = demoTokens(2, 32);
const analyse = (modelPath: string) => computeDependencyMatrix({ modelPath, tokens, seqLen: 32, intraOpThreads: 1 });

function largestDifference(a: DependencyMatrixResult, b: DependencyMatrixResult): number {
  let worst = 0;
  a.matrix.forEach((row, i) => row.forEach((v, j) => {
    if (v !== null) worst = Math.max(worst, Math.abs(v - (b.matrix[i][j] as number)));
  }));
  a.blockMetrics.dropOneKl.forEach((v, i) => { worst = Math.max(worst, Math.abs((v as number) - (b.blockMetrics.dropOneKl[i] as number))); });
  return worst;
}

/** The export with every half value widened to float32 (weights and constants as stored), written beside the others. */
function widened(modelPath: string, name: string): string {
  const file = path.join(dir, `${name}-float32.onnx`);
  fs.writeFileSync(file, upcastToFloat32(loadOnnxModel(modelPath)));
  return file;
}

describe('the engine on real PyTorch exports of the demo', () => {
  let demo: DependencyMatrixResult;
  it('float32 demo (the baseline the others are compared with)', async () => {
    demo = await analyse(DEMO_MODEL);
    expect(demo.blocks.filter((b) => !b.attention).map((b) => b.index)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it.each([
    ['demo-fp16', () => path.join(EXPORTS, 'demo-fp16.onnx')],
    // onnxruntime's CPU provider cannot run this export at all (no bfloat16 kernels); the engine casts each block to float32
    ['demo-bf16', () => materializeDemoExport('demo-bf16', path.join(dir, 'bf16'))],
  ])('%s (model.half() / bfloat16() export, computed in half precision): M equals the float32 computation of the stored weights', async (name, file) => {
    const half = await analyse(file());
    const float = await analyse(widened(file(), name));
    expect(largestDifference(half, float)).toBeLessThanOrEqual(1e-6);
    // and stays near the float32 demo, whose weights these are, rounded
    const fromDemo = largestDifference(half, demo);
    console.log(`${name}: largest |M or KL - float32 demo| = ${fromDemo.toExponential(2)}`);
    expect(fromDemo).toBeLessThan(name === 'demo-fp16' ? 5e-3 : 5e-2);
  });

  it('KV-cache export (past_key_values inputs, present outputs): the same matrix as the demo, whose weights it has', async () => {
    const kv = await analyse(materializeDemoExport('demo-kv-cache', path.join(dir, 'kv')));
    expect(kv.blocks).toEqual(demo.blocks);
    expect(largestDifference(kv, demo)).toBeLessThanOrEqual(1e-5);
  });
});
