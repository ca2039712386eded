import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { modelFolder } from './model-fixtures.ts';
import { smallestBudget } from '../support/smallest-budget.ts';
import { syntheticTokens } from './model-fixtures.ts';
import { ALLOCATOR_ENV } from '../../lib/runtime/allocator-env.ts';

const folder = modelFolder();
afterAll(() => folder.cleanup());
const CHILD = fileURLToPath(new URL('./analyze-in-child.ts', import.meta.url));

function analyzeInChild(modelPath: string, sequences: number, seqLen: number, budget: number) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, modelPath, String(sequences), String(seqLen), String(budget)],
    { encoding: 'utf8', maxBuffer: 1 << 22, env: { ...process.env, ...ALLOCATOR_ENV } });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as
    { baselineRss: number; peakRss: number; plan: { boundBytes: number; variantsPerRun: number }; rows: number; error?: string };
}

describe('memory bound', () => {
  // 20 blocks of 4.2 M parameters: 320 MiB of float32 weights in external data, against a budget of a third of that
  const options = { layers: 20, hidden: 512, ffnWidth: 2048, heads: 8, kvHeads: 4, vocab: 256, attentionFreeLayers: [6, 7, 8, 9, 10, 11], seed: 21, externalData: true };
  const modelPath = folder.write('large', options);
  const weights = statSync(`${modelPath}.data`).size;

  it('analyses a model whose weights exceed the budget within that budget (peak RSS measured in a child process)', () => {
    const budget = smallestBudget({ modelPath, tokens: syntheticTokens(2 * 16, 256, 3), seqLen: 16 });
    expect(weights).toBeGreaterThan(2.5 * budget);
    const run = analyzeInChild(modelPath, 2, 16, budget);
    expect(run.error).toBeUndefined();
    expect(run.rows).toBe(20);
    expect(run.plan.boundBytes).toBeLessThanOrEqual(budget);
    // what the engine added to the process: within its budget, far below the weights
    const added = run.peakRss - run.baselineRss;
    console.log(`weights ${(weights / 2 ** 20).toFixed(0)} MiB, budget ${(budget / 2 ** 20).toFixed(0)} MiB, `
      + `bound ${(run.plan.boundBytes / 2 ** 20).toFixed(0)} MiB, RSS ${(run.baselineRss / 2 ** 20).toFixed(0)} -> ${(run.peakRss / 2 ** 20).toFixed(0)} MiB (+${(added / 2 ** 20).toFixed(0)})`);
    expect(added).toBeLessThan(budget);
    expect(added).toBeLessThan(weights / 2);
  });

  it('refuses a budget too small before any work, with the figure it needs', () => {
    const run = analyzeInChild(modelPath, 2, 16, 8 * 2 ** 20);
    expect(run.error).toMatch(/^InsufficientMemoryError: this analysis needs about \d+ MiB of memory .* but only 8 MiB may be used/);
    // refused before any block was loaded: the process grew by no more than reading the graph
    expect(run.peakRss - run.baselineRss).toBeLessThan(32 * 2 ** 20);
  });
});
