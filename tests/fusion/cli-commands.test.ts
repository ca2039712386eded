import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { evaluateCommand } from '../../cli/commands/evaluate.ts';
import { fuseCommand } from '../../cli/commands/fuse.ts';
import { suggestCommand } from '../../cli/commands/suggest.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { seededTokens } from '../support/seed-analysis.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusion-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function captured(stream: 'stdout' | 'stderr') {
  const chunks: string[] = [];
  const spy = vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join(''), restore: () => spy.mockRestore() };
}

describe('fuse, evaluate and suggest commands', () => {
  it('fuse writes the fused model and warns about the last FFN; evaluate writes the metrics JSON', async () => {
    const model = path.join(dir, 'model.onnx');
    writeTestDecoder(model, { layers: 6, hidden: 32, attentionFreeLayers: [1, 2, 3], seed: 41 });
    const tokens = path.join(dir, 'tokens.bin');
    fs.writeFileSync(tokens, Uint8Array.from(seededTokens(3 * 16, 256, 1), Number));
    const err = captured('stderr');
    const out = captured('stdout');
    try {
      expect(await fuseCommand.run([model, '--ranges', '1-3', '--out', path.join(dir, 'fused.onnx')])).toBe(0);
      expect(await evaluateCommand.run([path.join(dir, 'fused.onnx'), '--reference', model, '--tokens', tokens, '--token-dtype', 'uint8',
        '--seq-len', '16', '--threads', '1', '--repeats', '1', '--out', path.join(dir, 'eval.json')])).toBe(0);
    } finally {
      err.restore();
      out.restore();
    }
    expect(err.text()).toContain('[1, 3] includes block 3, the last FFN of the attention-free run 1–3');
    expect(findDecoderStructure(loadOnnxModel(path.join(dir, 'fused.onnx'))).blocks).toHaveLength(4);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'eval.json'), 'utf8'));
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['kl', 'logitsCosineDistance', 'crossEntropy', 'latencyMs', 'depth']));
    expect(Object.keys(report.crossEntropy)).toEqual(expect.arrayContaining(['reference', 'candidate']));
    expect(report.depth).toEqual({ reference: 9, candidate: 7 });
    expect(out.text()).toContain('sequential depth');
  });

  it('fuse refuses a bad range with the reason', async () => {
    const model = path.join(dir, 'small.onnx');
    writeTestDecoder(model, { layers: 4, hidden: 32, attentionFreeLayers: [2, 3], seed: 42 });
    await expect(fuseCommand.run([model, '--ranges', '0-2', '--out', path.join(dir, 'x.onnx')])).rejects.toThrow('[0, 2] contains blocks 0, 1 with attention');
  });

  it('suggest prints the ranges with their reasons from an analyze result', async () => {
    const L = 8;
    const matrix = Array.from({ length: L }, (_, i) => Array.from({ length: L }, (_, j) => (j > i ? 0.01 : null)));
    const blocks = Array.from({ length: L }, (_, index) => ({ index, attention: index < 2 || index > 5, ffn: true }));
    const file = path.join(dir, 'result.json');
    fs.writeFileSync(file, JSON.stringify({ model: path.join(dir, 'missing.onnx'), blocks, matrix }));
    const out = captured('stdout');
    try {
      expect(await suggestCommand.run([file])).toBe(0);
    } finally {
      out.restore();
    }
    expect(out.text()).toMatch(/2-4 +attention-free run 2–5 without its last FFN \(block 5\); max M 0\.010/);
  });
});
