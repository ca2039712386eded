import { describe, expect, it } from 'vitest';
import type { FfnParts } from '../../lib/fusion/ffn-parts.ts';
import { buildWideFfn } from '../../lib/fusion/wide-ffn.ts';

/** hidden 2, width 1 or 2: small enough to check every entry by hand. */
function part(block: number, width: number, g: [number, number], fill: number, extra: Partial<FfnParts> = {}): FfnParts {
  const w = (n: number, base: number) => Float32Array.from({ length: n }, (_, i) => base + i);
  return {
    block, activation: 'silu', form: { kind: 'silu' }, width,
    gate: w(2 * width, fill), up: w(2 * width, fill + 10), down: w(width * 2, fill + 20),
    gateBias: null, upBias: null, downBias: null,
    normScale: Float32Array.from(g), normEpsilon: 1e-5, transposed: false, ...extra,
  };
}

describe('buildWideFfn', () => {
  it('concatenates gate/up with each norm scale folded into its own rows, and stacks down', () => {
    const a = part(3, 1, [2, 3], 1); // gate [[1], [2]], up [[11], [12]], down [[21, 22]]
    const b = part(4, 2, [5, 7], 100); // gate [[100, 101], [102, 103]], down [[120, 121], [122, 123]]
    const wide = buildWideFfn([a, b], 2);
    expect(wide.width).toBe(3);
    expect(Array.from(wide.gate!)).toEqual([2 * 1, 5 * 100, 5 * 101, 3 * 2, 7 * 102, 7 * 103]);
    expect(Array.from(wide.up)).toEqual([2 * 11, 5 * 110, 5 * 111, 3 * 12, 7 * 112, 7 * 113]);
    expect(Array.from(wide.down)).toEqual([21, 22, 120, 121, 122, 123]);
    expect(wide.gateBias).toBeNull();
    expect(wide.downBias).toBeNull();
  });

  it('concatenates gate/up biases (zeros where a block has none) and sums down biases', () => {
    const a = part(1, 1, [1, 1], 0, { upBias: Float32Array.of(9), downBias: Float32Array.of(1, 2) });
    const b = part(2, 2, [1, 1], 0, { upBias: null, downBias: Float32Array.of(10, 20) });
    const wide = buildWideFfn([a, b], 2);
    expect(Array.from(wide.upBias!)).toEqual([9, 0, 0]);
    expect(Array.from(wide.downBias!)).toEqual([11, 22]);
  });

  it('refuses different RMSNorm epsilons: the shared rms(x) would not be exact', () => {
    expect(() => buildWideFfn([part(5, 1, [1, 1], 0), part(6, 1, [1, 1], 0, { normEpsilon: 1e-6 })], 2))
      .toThrow('blocks 5 and 6 use different RMSNorm epsilons (0.00001 vs 0.000001); folding the norms is exact only when they are equal');
  });

  it('refuses FFNs of different kinds', () => {
    expect(() => buildWideFfn([part(1, 1, [1, 1], 0), part(2, 1, [1, 1], 0, { activation: 'gelu', form: { kind: 'gelu-erf' }, gate: null })], 2))
      .toThrow(/blocks 1 and 2 have different FFN kinds/);
  });
});
