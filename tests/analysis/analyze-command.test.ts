import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    const cache = join(dir, 'cache');
    const args = [model, '--tokens', tokens, '--token-dtype', 'uint8', '--seq-len', '8', '--max-sequences', '2', '--threads', '1', '--cache-dir', cache, '--out', out];
    expect(await analyzeCommand.run(args)).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.timing.sessionCache).toBe('miss');
    // the optimized prologue and chain, and what was prepared from the model file
    expect(readdirSync(cache).filter((f) => f.endsWith('.ort'))).toHaveLength(2);
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    // the second run opens both from the cache without reading the graph, and computes the same matrix
    expect(await analyzeCommand.run(args)).toBe(0);
    const again = JSON.parse(readFileSync(out, 'utf8'));
    expect(again.timing.sessionCache).toBe('hit');
    expect(again.matrix).toEqual(result.matrix);
    expect(again.blockMetrics).toEqual(result.blockMetrics);
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
    await expect(analyzeCommand.run([model, '--tokens', tokens, '--token-dtype', 'uint8', '--seq-len', '8', '--no-cache', '--out', '/dev/null']))
      .rejects.toThrow(/vocabulary|outside/);
    expect(await analyzeCommand.run([model, '--seq-len', '8'])).toBe(1);
  });
});
