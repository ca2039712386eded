import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuseFfnRanges } from '../../lib/fusion/fuse-ffn-ranges.ts';
import { writeFusedModel } from '../../lib/fusion/write-fused-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { buildTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { seededTokens } from '../support/seed-analysis.ts';
import { parallelSumFloat64, type Activation } from './support/parallel-sum-float64.ts';
import { maxRowRelativeError, runModel } from './support/run-logits.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusion-f64-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const EPSILON = 1e-6;

describe('the fused block against the parallel sum computed in float64 TypeScript', () => {
  it.each(['silu', 'gelu', 'relu'] as Activation[])('%s: stream leaving the fused block, max relative error <= 1e-5', async (activation) => {
    const hidden = 32;
    const model = buildTestDecoder({ layers: 6, hidden, ffnWidth: 48, activation, attentionFreeLayers: [1, 2, 3, 4], seed: 51, weightScale: 0.3, rmsEpsilon: EPSILON });
    const structure = findDecoderStructure(model);
    const [entering, leaving] = [structure.blocks[1].input, structure.blocks[3].output];
    const fused = fuseFfnRanges(model, structure, [[1, 3]]).model;
    fused.proto.graph!.output!.push({ name: entering }, { name: leaving });
    const file = writeFusedModel(fused, path.join(dir, `${activation}.onnx`)).path;
    const outputs = await runModel(file, seededTokens(2 * 8, 256, 9), 2, 8, [entering, leaving], structure);
    const expected = parallelSumFloat64(model, [1, 3], outputs[entering], hidden, activation, EPSILON);
    const error = maxRowRelativeError(outputs[leaving], Float32Array.from(expected), hidden);
    console.log(`${activation}: max relative error ${error.toExponential(2)} against float64`);
    expect(error).toBeLessThanOrEqual(1e-5);
  });
});
