import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuseFfnRanges } from '../../lib/fusion/fuse-ffn-ranges.ts';
import type { FusionRange } from '../../lib/fusion/fusion-range.ts';
import { writeFusedModel } from '../../lib/fusion/write-fused-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { saveOnnxModel } from '../../lib/onnx/save-onnx-model.ts';
import { writeTestDecoder, type TestDecoderOptions } from '../../lib/testmodels/build-test-decoder.ts';
import { seededTokens } from '../support/seed-analysis.ts';
import { parallelSumReference } from './support/parallel-sum-reference.ts';
import { maxRowRelativeError, runModel } from './support/run-logits.ts';

const TOLERANCE = 1e-5;
const DEMO = path.resolve('models/demo/demo-decoder.onnx');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusion-exact-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Fuses `ranges`, builds the parallel-sum reference from the unfused model, runs both, returns the max relative error. */
async function fusedVsParallelSum(source: string, ranges: FusionRange[], tokens: BigInt64Array, batch: number, seqLen: number) {
  const model = loadOnnxModel(source);
  const structure = findDecoderStructure(model);
  const stem = path.join(dir, `${path.basename(source, '.onnx')}-${ranges.map((r) => r.join('_')).join('-')}`);
  const fused = writeFusedModel(fuseFfnRanges(model, structure, ranges).model, `${stem}.fused.onnx`);
  const reference = saveOnnxModel(parallelSumReference(model, structure, ranges), `${stem}.reference.onnx`);
  const [actual, expected, original] = await Promise.all([fused.path, reference.path, source].map((f) => runModel(f, tokens, batch, seqLen, undefined, structure)));
  const logits = structure.logits;
  return {
    error: maxRowRelativeError(actual[logits], expected[logits], structure.vocabSize),
    differsFromOriginal: maxRowRelativeError(expected[logits], original[logits], structure.vocabSize),
    fused,
  };
}

const GENERATED: Array<{ name: string; options: TestDecoderOptions & { externalData?: boolean }; ranges: FusionRange[] }> = [
  { name: 'gated SiLU (TorchScript naming)', options: { layers: 8, hidden: 32, ffnWidth: 48, attentionFreeLayers: [2, 3, 4, 5], seed: 5 }, ranges: [[2, 4]] },
  { name: 'GELU with biases', options: { layers: 7, hidden: 32, activation: 'gelu', attentionFreeLayers: [1, 2, 3, 4], seed: 6 }, ranges: [[1, 4]] },
  { name: 'ReLU with biases, two ranges', options: { layers: 9, hidden: 32, activation: 'relu', attentionFreeLayers: [1, 2, 4, 5, 6], seed: 7 }, ranges: [[1, 2], [4, 6]] },
  { name: 'dynamo export (anonymous transposed weights)', options: { layers: 7, hidden: 32, naming: 'dynamo', attentionFreeLayers: [2, 3, 4], seed: 8 }, ranges: [[2, 4]] },
  { name: 'external data and Optimum inputs', options: { layers: 6, hidden: 32, attentionFreeLayers: [1, 2, 3], optimumInputs: true, externalData: true, seed: 9 }, ranges: [[1, 3]] },
];

describe('fused model equals the parallel sum of the original FFNs', () => {
  for (const { name, options, ranges } of GENERATED) {
    it(`${name}: max relative error on the logits <= ${TOLERANCE}`, async () => {
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.onnx`);
      writeTestDecoder(file, { ...options, weightScale: 0.3 });
      const { error, differsFromOriginal, fused } = await fusedVsParallelSum(file, ranges, seededTokens(2 * 12, 256, 3), 2, 12);
      console.log(`${name}: max relative error ${error.toExponential(2)} (fusion itself moves the logits by ${differsFromOriginal.toExponential(2)})`);
      expect(error).toBeLessThanOrEqual(TOLERANCE);
      expect(differsFromOriginal).toBeGreaterThan(100 * TOLERANCE);
      if (options.externalData) expect(fused.externalDataPath).not.toBeNull();
    });
  }

  it.skipIf(!fs.existsSync(DEMO))('the demo model, fusing 12-18', async () => {
    const tokens = BigInt64Array.from(fs.readFileSync('models/demo/heldout.txt').subarray(0, 2 * 32), BigInt);
    const { error } = await fusedVsParallelSum(DEMO, [[12, 18]], tokens, 2, 32);
    console.log(`demo [12, 18]: max relative error ${error.toExponential(2)}`);
    expect(error).toBeLessThanOrEqual(TOLERANCE);
  });
});
