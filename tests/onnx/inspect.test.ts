import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inspectCommand } from '../../cli/commands/inspect.ts';
import type { StructureSummary } from '../../lib/onnx/decoder-structure.ts';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { makeTempDir } from './helpers.ts';

const temp = makeTempDir('inspect');
afterAll(() => temp.cleanup());

async function capture(args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const code = await inspectCommand.run(args);
    return { code, out: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('fusionscope inspect', () => {
  const path = join(temp.dir, 'model.onnx');
  writeTestDecoder(path, { layers: 5, hidden: 16, heads: 2, ffnWidth: 40, attentionFreeLayers: [1, 2], externalData: true });

  it('prints the block table', async () => {
    const { code, out } = await capture([path]);
    expect(code).toBe(0);
    expect(out).toContain('blocks: 5   hidden: 16   vocab: 256');
    expect(out).toContain('attention-free runs: 1-2');
    expect(out).toMatch(/block\s+attention\s+ffn\s+ffn width\s+attn params\s+ffn params/);
    expect(out).toMatch(/\n1\s+-\s+yes\s+40\s+0\s+1,936\n/);
  });

  it('prints the summary as JSON', async () => {
    const { code, out } = await capture([path, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(out) as StructureSummary;
    expect(summary.blockCount).toBe(5);
    expect(summary.attentionFreeRuns).toEqual([[1, 2]]);
    expect(summary.blocks[1]).toEqual({ index: 1, attention: false, ffn: true, ffnWidth: 40, attentionParameters: 0, ffnParameters: 3 * 16 * 40 + 16 });
  });
});
