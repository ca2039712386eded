import { describe, expect, it } from 'vitest';
import { cosineDistancePerToken, meanCosineDistance } from '../../lib/analysis/math/cosine-distance.ts';
import { contribution } from '../../lib/analysis/math/contribution.ts';
import { meanNormRatio, normRatioPerToken } from '../../lib/analysis/math/norm-ratio.ts';
import { blockInfluence } from '../../lib/analysis/math/block-influence.ts';
import { logSoftmaxRows } from '../../lib/analysis/math/log-softmax.ts';
import { klDivergencePerToken, meanKlDivergence } from '../../lib/analysis/math/kl-divergence.ts';

const f32 = (values: number[]) => Float32Array.from(values);

describe('cosine distance per token', () => {
  it('matches hand-derived values', () => {
    // token 0: orthogonal -> 1; token 1: 45 degrees -> 1 - 1/sqrt(2); token 2: opposite -> 2
    const a = f32([1, 0, 0, 1, 0, 0, 1, 2, 3]);
    const b = f32([0, 1, 0, 1, 1, 0, -1, -2, -3]);
    const d = cosineDistancePerToken(a, b, 3);
    expect(d[0]).toBeCloseTo(1, 7);
    expect(d[1]).toBeCloseTo(1 - Math.SQRT1_2, 7);
    expect(d[2]).toBeCloseTo(2, 7);
    expect(meanCosineDistance(a, b, 3)).toBeCloseTo((4 - Math.SQRT1_2) / 3, 6);
  });

  it('is scale invariant and zero for parallel vectors', () => {
    const a = f32([0.5, -1, 2]);
    const b = f32([5, -10, 20]);
    expect(meanCosineDistance(a, b, 3)).toBeLessThan(1e-7);
  });

  it('handles zero vectors by convention', () => {
    const d = cosineDistancePerToken(f32([0, 0, 1, 0]), f32([0, 0, 0, 0]), 2);
    expect(Array.from(d)).toEqual([0, 1]);
  });

  it('refuses mismatched shapes', () => {
    expect(() => cosineDistancePerToken(f32([1, 2, 3]), f32([1, 2, 3]), 2)).toThrow(/multiple/);
    expect(() => cosineDistancePerToken(f32([1, 2]), f32([1, 2, 3, 4]), 2)).toThrow(/mismatch/);
  });
});

describe('contribution, norm ratio and block influence', () => {
  it('contribution is output - input rounded to float32', () => {
    const h = contribution(f32([1.5, 0.1]), f32([1, 0.3]));
    expect(h[0]).toBe(0.5);
    expect(h[1]).toBe(Math.fround(Math.fround(0.1) - Math.fround(0.3)));
  });

  it('norm ratio is the mean over tokens of ||h_t|| / ||X_t||', () => {
    // token 0: X=(3,4), h=(0,5) -> 1; token 1: X=(1,0), h=(0,2) -> 2
    const input = f32([3, 4, 1, 0]);
    const output = f32([3, 9, 1, 2]);
    expect(Array.from(normRatioPerToken(output, input, 2))).toEqual([1, 2]);
    expect(meanNormRatio(output, input, 2)).toBe(1.5);
  });

  it('block influence is 1 - mean cos(X_k, X_k+1)', () => {
    const input = f32([1, 0, 1, 0]);
    const output = f32([1, 0, 1, 1]);
    expect(blockInfluence(input, output, 2)).toBeCloseTo((0 + (1 - Math.SQRT1_2)) / 2, 7);
  });
});

describe('log-softmax and KL', () => {
  it('log-softmax is stable for large logits', () => {
    const lp = logSoftmaxRows(f32([1000, 1000, -1000, 0]), 2);
    expect(lp[0]).toBeCloseTo(-Math.LN2, 6);
    expect(lp[1]).toBeCloseTo(-Math.LN2, 6);
    expect(lp[2]).toBeCloseTo(-1000, 3);
    expect(lp[3]).toBeCloseTo(0, 6);
  });

  it('KL matches a hand-derived value', () => {
    // p = softmax(0, ln 3) = (1/4, 3/4); q = softmax(0, 0) = (1/2, 1/2)
    // KL(p||q) = 1/4 ln(1/2) + 3/4 ln(3/2)
    const logP = logSoftmaxRows(f32([0, Math.log(3)]), 2);
    const logQ = logSoftmaxRows(f32([0, 0]), 2);
    const expected = 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5);
    expect(klDivergencePerToken(logP, logQ, 2)[0]).toBeCloseTo(expected, 6);
    expect(meanKlDivergence(logP, logP, 2)).toBe(0);
  });

  it('mean KL averages over tokens', () => {
    const logP = logSoftmaxRows(f32([0, Math.log(3), 0, 0]), 2);
    const logQ = logSoftmaxRows(f32([0, 0, 0, 0]), 2);
    const one = 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5);
    expect(meanKlDivergence(logP, logQ, 2)).toBeCloseTo(one / 2, 6);
  });
});
