import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crossEntropyReport } from '../../lib/fusion/evaluation/cross-entropy-report.ts';
import { evaluateFusion } from '../../lib/fusion/evaluation/evaluate-fusion.ts';
import { median, tileSequences } from '../../lib/fusion/evaluation/measure-latency.ts';
import { NextTokenStats } from '../../lib/fusion/evaluation/next-token-stats.ts';
import { compareQualityStreamed } from '../../lib/fusion/evaluation/streamed-quality.ts';
import { openModelRunner } from '../../lib/fusion/evaluation/model-runner.ts';
import { fuseFfnRanges } from '../../lib/fusion/fuse-ffn-ranges.ts';
import { writeFusedModel } from '../../lib/fusion/write-fused-model.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { seededTokens } from '../support/seed-analysis.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusion-eval-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('next-token quality against hand-computed values', () => {
  it('KL, logits cosine distance and cross-entropy of one sequence of two tokens, vocabulary 2', () => {
    // Position 0: reference logits (0, 0) -> p = (1/2, 1/2); candidate (ln 3, 0) -> q = (3/4, 1/4).
    // Position 1: identical logits (1, 2) -> KL 0, cosine distance 0, and no next token to predict.
    const reference = Float32Array.of(0, 0, 1, 2);
    const candidate = Float32Array.of(Math.log(3), 0, 1, 2);
    const stats = new NextTokenStats(2);
    stats.add(reference, candidate, [0n, 1n], 1, 2);
    const r = stats.result();
    const kl0 = 0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(0.5 / 0.25);
    expect(r.kl).toBeCloseTo(kl0 / 2, 6);
    // cos((0,0), x) is taken as 0 when only one vector is zero: distance 1 at position 0.
    expect(r.logitsCosineDistance).toBeCloseTo(0.5, 12);
    expect(r.crossEntropyNats.reference).toBeCloseTo(Math.log(2), 6);
    expect(r.crossEntropyNats.candidate).toBeCloseTo(Math.log(4), 6);
    expect(r.predictions).toBe(1);
    expect(r.positions).toBe(2);
  });

  it('reports bits per byte for byte-level models and perplexity otherwise', () => {
    expect(crossEntropyReport({ reference: Math.LN2, candidate: 2 * Math.LN2 }, 256)).toEqual({ reference: 1, candidate: 2, delta: 1, unit: 'bits/byte' });
    const words = crossEntropyReport({ reference: 1, candidate: 2 }, 32000);
    expect(words.unit).toBe('nats/token');
    expect(words.perplexity!.candidate).toBeCloseTo(Math.E ** 2, 12);
  });

  it('median and sequence tiling', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Array.from(tileSequences(BigInt64Array.of(1n, 2n, 3n, 4n), 2, 3))).toEqual([1n, 2n, 3n, 4n, 1n, 2n]);
  });
});

describe('evaluateFusion on a generated model', () => {
  it('measures quality, speed at batch 1 and 16, depth and parameters of the fused model', async () => {
    const file = path.join(dir, 'model.onnx');
    writeTestDecoder(file, { layers: 6, hidden: 32, ffnWidth: 48, attentionFreeLayers: [1, 2, 3], seed: 31, weightScale: 0.3 });
    const result = await evaluateFusion({
      modelPath: file, ranges: [[1, 2]], outputPath: path.join(dir, 'fused', 'fused.onnx'),
      tokens: seededTokens(4 * 16, 256, 2), seqLen: 16, intraOpThreads: 1, latencyRepeats: 2,
    });
    expect(result.kl).toBeGreaterThan(1e-6);
    expect(result.logitsCosineDistance).toBeGreaterThan(0);
    expect(result.crossEntropy.unit).toBe('bits/byte');
    expect(result.latencyMs.batches.map((b) => b.batch)).toEqual([1, 16]);
    expect(result.latencyMs.threads).toBe(1);
    expect(result.depth).toEqual({ reference: 6 + 3, candidate: 6 + 3 - 1 });
    // Two 32-wide norm scales are folded away and the fused FFN adds a few scalar constants only.
    expect(result.parameters.reference - result.parameters.candidate).toBe(2 * 32);
    expect(result.fusion.warnings).toEqual([]);
    expect(result.evaluation).toEqual({ sequences: 4, seqLen: 16, positions: 64, predictions: 60 });
    expect(fs.existsSync(result.fusion.file)).toBe(true);
  });

  it('streams both models stage by stage, runs their shared prefix once, and gives the whole-model figures', async () => {
    const file = path.join(dir, 'streamed.onnx');
    writeTestDecoder(file, { layers: 7, hidden: 32, ffnWidth: 48, attentionFreeLayers: [2, 3, 4, 5], seed: 37, weightScale: 0.3, externalData: true });
    const fusedFile = path.join(dir, 'streamed-fused', 'fused.onnx');
    const source = loadOnnxModel(file);
    writeFusedModel(fuseFfnRanges(source, findDecoderStructure(source), [[3, 4]]).model, fusedFile);
    const tokens = seededTokens(5 * 12, 256, 9);
    const streamed = await compareQualityStreamed({ referencePath: file, candidatePath: fusedFile, tokens, seqLen: 12, settings: { intraOpThreads: 1 }, sequencesPerRun: 2 });
    // the prologue and blocks 0-2, before the fused range
    expect(streamed.sharedStages).toBe(4);
    const whole = new NextTokenStats(256);
    const reference = await openModelRunner(file, 1);
    const candidate = await openModelRunner(fusedFile, 1);
    try {
      whole.add(await reference.logits(tokens, 5, 12), await candidate.logits(tokens, 5, 12), tokens, 5, 12);
    } finally {
      await reference.release();
      await candidate.release();
    }
    const expected = whole.result();
    expect(expected.kl).toBeGreaterThan(1e-6);
    expect(Math.abs(streamed.kl - expected.kl) / expected.kl).toBeLessThan(1e-4);
    expect(Math.abs(streamed.logitsCosineDistance - expected.logitsCosineDistance) / expected.logitsCosineDistance).toBeLessThan(1e-4);
    expect(streamed.crossEntropyNats.reference).toBeCloseTo(expected.crossEntropyNats.reference, 5);
    expect(streamed.crossEntropyNats.candidate).toBeCloseTo(expected.crossEntropyNats.candidate, 5);
    expect([streamed.positions, streamed.predictions]).toEqual([expected.positions, expected.predictions]);
  });
});
