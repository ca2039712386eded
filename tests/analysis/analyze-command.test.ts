import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCommand } from '../../cli/commands/analyze.ts';
import { modelFolder } from './model-fixtures.ts';

const folder = modelFolder();
afterAll(() => folder.cleanup());

describe('fusionscope analyze', () => {
  it('writes blocks, an L x L matrix with nulls where j <= i, block metrics and timing', async () => {
    const model = folder.write('cli', { layers: 4, hidden: 16, heads: 2, attentionFreeLayers: [1, 2], seed: 2 });
    const dir = model.slice(0, model.lastIndexOf('/'));
    const tokens = join(dir, 'tokens.bin');
    writeFileSync(tokens, Uint8Array.from({ length: 3 * 8 + 5 }, (_, k) => (k * 29) % 256));
    const out = join(dir, 'result.json');
    const args = [model, '--tokens', tokens, '--token-dtype', 'uint8', '--seq-len', '8', '--max-sequences', '2', '--threads', '1', '--out', out];
    expect(await analyzeCommand.run(args)).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    // the memory plan the run was cut to, and each block's timing
    expect(result.memory.boundBytes).toBeGreaterThan(0);
    expect(result.memory.boundBytes).toBeLessThanOrEqual(result.memory.budgetBytes);
    expect(result.timing.blocks.map((b: { index: number }) => b.index)).toEqual([0, 1, 2, 3]);
    expect(result.blocks).toEqual([
      { index: 0, attention: true, ffn: true }, { index: 1, attention: false, ffn: true },
      { index: 2, attention: false, ffn: true }, { index: 3, attention: true, ffn: true },
    ]);
    expect(result.sequences).toBe(2);
    expect(result.matrix).toHaveLength(4);
    result.matrix.forEach((row: Array<number | null>, i: number) =>
      row.forEach((v, j) => (j <= i ? expect(v).toBeNull() : expect(v).toBeTypeOf('number'))));
    expect(Object.keys(result.blockMetrics).sort()).toEqual(['blockInfluence', 'contributionNormRatio', 'dropOneKl', 'inputOutputCosineDistance']);
    expect(result.timing.blockEvaluations).toEqual({ performed: 10, naive: 20 });
  });

  it('refuses ids outside the vocabulary and missing options', async () => {
    const model = folder.write('cli2', { layers: 2, hidden: 16, heads: 2, vocab: 64, seed: 3 });
    const tokens = join(model.slice(0, model.lastIndexOf('/')), 'big.bin');
    writeFileSync(tokens, Uint8Array.from({ length: 16 }, () => 200));
    await expect(analyzeCommand.run([model, '--tokens', tokens, '--token-dtype', 'uint8', '--seq-len', '8', '--out', '/dev/null']))
      .rejects.toThrow(/vocabulary|outside/);
    expect(await analyzeCommand.run([model, '--seq-len', '8'])).toBe(1);
  });

  it('refuses at once a memory budget the analysis cannot fit, naming the figure and what to change', async () => {
    const model = folder.write('cli3', { layers: 2, hidden: 16, heads: 2, seed: 3 });
    const tokens = join(model.slice(0, model.lastIndexOf('/')), 'tokens.bin');
    writeFileSync(tokens, Uint8Array.from({ length: 64 }, (_, k) => k));
    const run = analyzeCommand.run([model, '--tokens', tokens, '--token-dtype', 'uint8', '--seq-len', '8', '--memory-budget', '64KB', '--out', '/dev/null']);
    await expect(run).rejects.toThrow(/needs about .* of memory .* but only 64 KiB may be used\. Use fewer calibration tokens/);
    await expect(analyzeCommand.run([model, '--tokens', tokens, '--token-dtype', 'uint8', '--seq-len', '8', '--memory-budget', 'lots', '--out', '/dev/null']))
      .rejects.toThrow(/--memory-budget must be a size/);
  });

  it('refuses an execution provider this installation lacks, with what to do', async () => {
    const model = folder.write('cli4', { layers: 2, hidden: 16, heads: 2, seed: 3 });
    const tokens = join(model.slice(0, model.lastIndexOf('/')), 'tokens4.bin');
    writeFileSync(tokens, Uint8Array.from({ length: 16 }, (_, k) => k));
    const run = (provider: string) => analyzeCommand.run([model, '--tokens', tokens, '--token-dtype', 'uint8', '--seq-len', '8', '--execution-provider', provider, '--out', '/dev/null']);
    await expect(run('cuda')).rejects.toThrow(/the CUDA execution provider is not available in this onnxruntime-node installation .* or set FUSIONSCOPE_EXECUTION_PROVIDER=cpu/);
    await expect(run('tpu')).rejects.toThrow(/--execution-provider must be one of cpu, cuda, got "tpu"/);
  });
});
