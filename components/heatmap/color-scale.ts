import { interpolateRdBu, interpolateRdYlBu, rgb, scaleLinear, scaleLog } from 'd3';
import type { Domain } from './matrix-domain.ts';

export type ScaleKind = 'log' | 'linear' | 'diverging';

export interface ColorScale {
  kind: ScaleKind;
  /** Lowest and highest value the colours span. */
  domain: [number, number];
  /** Position of a value on the colour ramp, 0..1 (clamped). */
  position(value: number): number;
  color(value: number): string;
  /** Packed RGB of the ramp in 256 steps, for filling image data without string parsing. */
  lut: Uint8Array;
  interpolate(t: number): string;
  ticks(count: number): number[];
}

const sequential = (t: number) => interpolateRdYlBu(1 - t);
const diverging = (t: number) => interpolateRdBu(1 - t);

function buildLut(interpolate: (t: number) => string): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) {
    const c = rgb(interpolate(k / 255));
    lut[k * 3] = c.r; lut[k * 3 + 1] = c.g; lut[k * 3 + 2] = c.b;
  }
  return lut;
}

function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log2(lo)); e <= Math.floor(Math.log2(hi)); e++) ticks.push(2 ** e);
  return ticks.length >= 2 ? ticks : scaleLog().domain([lo, hi]).ticks(4);
}

/**
 * Log scale by default (dependencies span orders of magnitude, as in the paper's 2^-9..2^-1
 * figure); its floor is the smallest positive value so zeros clamp to the coldest colour.
 */
export function makeColorScale(kind: ScaleKind, domain: Domain): ColorScale {
  if (kind === 'diverging') {
    const m = Math.max(Math.abs(domain.min), Math.abs(domain.max)) || 1;
    const s = scaleLinear().domain([-m, m]).range([0, 1]).clamp(true);
    return finish(kind, [-m, m], (v) => s(v), diverging, (n) => s.ticks(n));
  }
  if (kind === 'log') {
    const lo = domain.minPositive;
    const hi = Math.max(domain.max, lo * 2);
    const s = scaleLog().base(2).domain([lo, hi]).range([0, 1]).clamp(true);
    return finish(kind, [lo, hi], (v) => (v > 0 ? s(v) : 0), sequential, () => logTicks(lo, hi));
  }
  const lo = Math.min(0, domain.min);
  const hi = domain.max > lo ? domain.max : lo + 1;
  const s = scaleLinear().domain([lo, hi]).range([0, 1]).clamp(true);
  return finish(kind, [lo, hi], (v) => s(v), sequential, (n) => s.ticks(n));
}

function finish(kind: ScaleKind, domain: [number, number], position: (v: number) => number, interpolate: (t: number) => string, ticks: (n: number) => number[]): ColorScale {
  return { kind, domain, position, color: (v) => interpolate(position(v)), lut: buildLut(interpolate), interpolate, ticks };
}
