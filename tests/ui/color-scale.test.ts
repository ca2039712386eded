import { describe, expect, it } from 'vitest';
import { makeColorScale } from '../../components/heatmap/color-scale.ts';
import { matrixDifference, matrixDomain } from '../../components/heatmap/matrix-domain.ts';
import { formatMs, formatTick, formatValue } from '../../components/heatmap/format-value.ts';

const matrix = [[null, 2 ** -9, 2 ** -1], [null, null, 2 ** -5], [null, null, null]];

describe('matrix domain and colour scales', () => {
  it('takes the domain from the defined entries only', () => {
    expect(matrixDomain(matrix)).toEqual({ min: 2 ** -9, max: 0.5, minPositive: 2 ** -9 });
    expect(matrixDomain([[null, null], [null, null]])).toBeNull();
    expect(matrixDomain([[null, 0, 0.25]])).toEqual({ min: 0, max: 0.25, minPositive: 0.25 });
  });

  it('spreads powers of two evenly on the log scale, with power-of-two ticks', () => {
    const scale = makeColorScale('log', matrixDomain(matrix)!);
    expect(scale.domain).toEqual([2 ** -9, 0.5]);
    expect(scale.position(2 ** -9)).toBe(0);
    expect(scale.position(0.5)).toBe(1);
    expect(scale.position(2 ** -5)).toBeCloseTo(0.5, 10);
    expect(scale.position(0)).toBe(0);
    expect(scale.position(10)).toBe(1);
    expect(scale.ticks(6)).toEqual([2 ** -9, 2 ** -8, 2 ** -7, 2 ** -6, 2 ** -5, 2 ** -4, 2 ** -3, 2 ** -2, 2 ** -1]);
  });

  it('runs blue (weak) to red (strong) and fills a 256-entry RGB table', () => {
    const scale = makeColorScale('log', matrixDomain(matrix)!);
    const low = scale.lut.slice(0, 3);
    const high = scale.lut.slice(255 * 3, 256 * 3);
    expect(low[2]).toBeGreaterThan(low[0]!);
    expect(high[0]).toBeGreaterThan(high[2]!);
    expect(scale.lut).toHaveLength(768);
  });

  it('maps linearly from 0 on the linear scale', () => {
    const scale = makeColorScale('linear', matrixDomain(matrix)!);
    expect(scale.domain).toEqual([0, 0.5]);
    expect(scale.position(0.25)).toBeCloseTo(0.5, 10);
  });

  it('centres the diverging scale on zero for differences', () => {
    const diff = matrixDifference([[null, 0.3], [null, null]], [[null, 0.1], [0.5, null]]);
    expect(diff).toEqual([[null, expect.closeTo(0.2, 10)], [null, null]]);
    const scale = makeColorScale('diverging', { min: -0.1, max: 0.4, minPositive: 0.4 });
    expect(scale.domain).toEqual([-0.4, 0.4]);
    expect(scale.position(0)).toBeCloseTo(0.5, 10);
    expect(scale.position(-0.4)).toBe(0);
  });

  it('formats values and ticks compactly', () => {
    expect(formatTick(2 ** -9)).toBe('2⁻⁹');
    expect(formatTick(2 ** -12)).toBe('2⁻¹²');
    expect(formatMs(2440.4)).toBe('2,440');
    expect(formatMs(45.83)).toBe('45.8');
    expect(formatTick(0.5)).toBe('0.50');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(0.000123)).toBe('1.23e-4');
    expect(formatValue(0.0457)).toBe('0.0457');
  });
});
