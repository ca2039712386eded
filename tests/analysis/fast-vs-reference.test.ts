import { afterAll, describe, expect, it } from 'vitest';
import { computeDependencyMatrix, planDependencyMatrix } from '../../lib/analysis/dependency-matrix.ts';
import { smallestBudget } from '../support/smallest-budget.ts';
import { computeDependencyMatrixReference } from '../../lib/analysis/reference/dependency-matrix-reference.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { buildTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { roundedToHalfPrecision, toHalfPrecision, type HalfPrecisionPattern, type HalfPrecisionType } from '../../lib/testmodels/half-precision.ts';
import { saveOnnxModel } from '../../lib/onnx/save-onnx-model.ts';
import { join } from 'node:path';
import { DEMO_MODEL, demoAvailable, demoTokens, modelFolder, syntheticTokens } from './model-fixtures.ts';

const TOLERANCE = 1e-4;
const folder = modelFolder();
afterAll(() => folder.cleanup());
let largest = { diff: 0, where: '' };
const perModel = new Map<string, number>();
afterAll(() => {
  const lines = [...perModel].map(([name, diff]) => `  ${name}: ${diff.toExponential(2)}`);
  console.log(`largest |fast - reference| over all entries of M: ${largest.diff.toExponential(3)} (${largest.where})\n${lines.join('\n')}`);
});

/** Every M entry and every drop-one KL of the fast engine against the slow graph-rewriting reference. */
async function compareWithReference(name: string, modelPath: string, tokens: BigInt64Array, seqLen: number, memoryBudgetBytes?: number) {
  const structure = findDecoderStructure(loadOnnxModel(modelPath));
  const fast = await computeDependencyMatrix({ modelPath, tokens, seqLen, intraOpThreads: 1, memoryBudgetBytes });
  const reference = await referenceOf(modelPath, () => computeDependencyMatrixReference({ modelPath, structure, tokens, seqLen, intraOpThreads: 1 }));
  const L = structure.blocks.length;
  expect(fast.matrix).toHaveLength(L);
  // the intact pass (L evaluations) and the variants, L(L-1)/2 in all
  expect(fast.blockEvaluations).toEqual({ performed: L + (L * (L - 1)) / 2, naive: L * (L + 1) });
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < L; j++) {
      const f = fast.matrix[i][j];
      const r = reference.matrix[i][j];
      if (j <= i) {
        expect(f).toBeNull();
        continue;
      }
      const diff = Math.abs((f as number) - (r as number));
      perModel.set(name, Math.max(perModel.get(name) ?? 0, diff));
      if (diff > largest.diff) largest = { diff, where: `${name} M[${i}][${j}] fast ${f} reference ${r}` };
      expect(diff, `${name} M[${i}][${j}]`).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(Math.abs((fast.blockMetrics.dropOneKl[i] as number) - reference.dropOneKl[i]), `${name} KL ${i}`).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(fast.blockMetrics.blockInfluence[i] - reference.blockInfluence[i]), `${name} BI ${i}`).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(fast.blockMetrics.contributionNormRatio[i] - reference.contributionNormRatio[i]), `${name} ratio ${i}`).toBeLessThanOrEqual(TOLERANCE);
  }
  return { fast, reference };
}

/** The slow reference of a model, computed once for the tests that compare the same model and tokens. */
const references = new Map<string, ReturnType<typeof computeDependencyMatrixReference>>();
function referenceOf(modelPath: string, compute: () => ReturnType<typeof computeDependencyMatrixReference>) {
  if (!references.has(modelPath)) references.set(modelPath, compute());
  return references.get(modelPath) as ReturnType<typeof computeDependencyMatrixReference>;
}

const cases: Array<[string, TestDecoderOptions & { externalData?: boolean }]> = [
  ['gqa-torchscript', { layers: 5, hidden: 32, heads: 4, kvHeads: 2, attentionFreeLayers: [2, 3], seed: 11, weightScale: 0.2 }],
  ['dynamo-optimum', { layers: 6, hidden: 32, heads: 2, naming: 'dynamo', optimumInputs: true, attentionFreeLayers: [1, 2, 3], seed: 5, weightScale: 0.2 }],
  ['ffn-free-and-attention-free', { layers: 4, hidden: 16, heads: 2, ffnFreeLayers: [0], attentionFreeLayers: [2], seed: 9, weightScale: 0.3 }],
  ['external-data', { layers: 3, hidden: 16, heads: 2, naming: 'dynamo', externalData: true, seed: 8, weightScale: 0.3 }],
  ['gelu-mlp-tied', { layers: 3, hidden: 24, heads: 3, kvHeads: 1, activation: 'gelu', tiedEmbeddings: true, optimumInputs: true, seed: 4, weightScale: 0.25 }],
];

describe('fast engine vs graph-rewriting reference', () => {
  for (const [name, options] of cases) {
    it(`agrees on every entry of M: ${name}`, async () => {
      const path = folder.write(name, options);
      const { fast } = await compareWithReference(name, path, syntheticTokens(3 * 12, options.vocab ?? 256, options.seed), 12);
      expect(fast.blocks.map((b) => b.attention)).toEqual(
        Array.from({ length: options.layers }, (_, k) => !(options.attentionFreeLayers ?? []).includes(k)),
      );
    });
  }

  it('agrees, and equals the unchunked result, with a memory budget so small that variants and epilogue are chunked', async () => {
    const options = { layers: 7, hidden: 32, heads: 4, kvHeads: 2, attentionFreeLayers: [2, 3, 4], seed: 17, weightScale: 0.2 };
    const modelPath = folder.write('chunked', options);
    const tokens = syntheticTokens(3 * 12, 256, 17);
    const budget = smallestBudget({ modelPath, tokens, seqLen: 12 });
    const plan = planDependencyMatrix({ modelPath, tokens, seqLen: 12, memoryBudgetBytes: budget });
    expect(plan.variantsPerRun).toBe(1);
    expect(plan.epilogueVariantsPerRun * plan.epilogueSequencesPerRun).toBeLessThan(7 * 3);
    const { fast } = await compareWithReference('chunked', modelPath, tokens, 12, budget);
    expect(fast.memory.variantsPerRun).toBe(1);
    const unchunked = await computeDependencyMatrix({ modelPath, tokens, seqLen: 12, intraOpThreads: 1 });
    expect(unchunked.memory.variantsPerRun).toBe(7);
    for (let i = 0; i < 7; i++) {
      for (let j = i + 1; j < 7; j++) expect(Math.abs((fast.matrix[i][j] as number) - (unchunked.matrix[i][j] as number))).toBeLessThanOrEqual(1e-6);
      expect(Math.abs((fast.blockMetrics.dropOneKl[i] as number) - (unchunked.blockMetrics.dropOneKl[i] as number))).toBeLessThanOrEqual(1e-6);
    }
  });

  it.skipIf(!demoAvailable())('agrees on the trained demo model', async () => {
    await compareWithReference('demo', DEMO_MODEL, demoTokens(2, 32), 32);
  });

});


describe('half-precision weights', () => {
  const options = { layers: 5, hidden: 32, heads: 4, kvHeads: 2, attentionFreeLayers: [2, 3], seed: 23, weightScale: 0.2 };
  const cases: Array<[HalfPrecisionType, HalfPrecisionPattern, TestDecoderOptions]> = [
    ['float16', 'cast', options], ['bfloat16', 'cast', options], ['float16', 'half-graph', options],
    ['bfloat16', 'half-graph', { ...options, naming: 'dynamo', optimumInputs: true }],
    ['float16', 'cast', { ...options, tiedEmbeddings: true }],
  ];
  for (const [dtype, pattern, caseOptions] of cases) {
    it(`${dtype} ${pattern}${caseOptions.optimumInputs ? ', Optimum inputs' : ''}${caseOptions.tiedEmbeddings ? ', tied embeddings' : ''}: M and every block metric equal the float32 computation of the same rounded weights`, async () => {
      const source = buildTestDecoder(caseOptions);
      const name = `${dtype}-${pattern}-${caseOptions.naming ?? 'ts'}-${caseOptions.tiedEmbeddings ? 'tied' : 'untied'}`;
      const half = join(folder.root, `${name}.onnx`);
      const rounded = join(folder.root, `${name}-rounded.onnx`);
      saveOnnxModel(toHalfPrecision(source, dtype, pattern), half, { externalData: true });
      saveOnnxModel(roundedToHalfPrecision(source, dtype, pattern), rounded, { externalData: true });
      const tokens = syntheticTokens(3 * 12, 256, 5);
      const a = await computeDependencyMatrix({ modelPath: half, tokens, seqLen: 12, intraOpThreads: 1 });
      const b = await computeDependencyMatrix({ modelPath: rounded, tokens, seqLen: 12, intraOpThreads: 1 });
      // promotion casts the stored values exactly: the two computations are the same float32 graph
      expect(a.matrix).toEqual(b.matrix);
      expect(a.blockMetrics).toEqual(b.blockMetrics);
      expect(a.matrix[0][1]).toBeGreaterThan(0);
    });
  }
});
