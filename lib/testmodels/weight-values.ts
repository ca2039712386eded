import { fillUniform } from './prng.ts';

/**
 * Where a float initializer's values come from, without holding them: a run of the seeded random
 * stream, or values computed when the graph is built (small tables such as rotary frequencies).
 * A writer materializes them chunk by chunk; the in-memory builder all at once.
 */
export type WeightValues =
  | { kind: 'uniform'; seed: number; first: number; count: number; spread: number; center: number }
  | { kind: 'computed'; values: Float32Array };

/** Hands out consecutive runs of the seeded stream, one per random tensor, in the order the graph asks for them. */
export class WeightStream {
  private drawn_ = 0;

  constructor(readonly seed: number) {}

  /** Values drawn so far: the model's parameter count once the graph is built. */
  get drawn(): number {
    return this.drawn_;
  }

  /** The next `count` draws, uniform in [center - spread, center + spread]. */
  uniform(count: number, spread: number, center = 0): WeightValues {
    const values: WeightValues = { kind: 'uniform', seed: this.seed, first: this.drawn_, count, spread, center };
    this.drawn_ += count;
    return values;
  }
}

export function weightCount(values: WeightValues): number {
  return values.kind === 'uniform' ? values.count : values.values.length;
}

/** Writes elements `start .. start + out.length - 1` of `values` into `out`. */
export function fillWeightValues(values: WeightValues, start: number, out: Float32Array): void {
  if (start + out.length > weightCount(values)) throw new RangeError(`elements ${start}..${start + out.length} of a ${weightCount(values)}-element tensor`);
  if (values.kind === 'computed') out.set(values.values.subarray(start, start + out.length));
  else fillUniform(out, values.seed, values.first + start, values.spread, values.center);
}

/** All the values at once (for tensors held in memory). */
export function materializeWeightValues(values: WeightValues): Float32Array {
  const out = new Float32Array(weightCount(values));
  fillWeightValues(values, 0, out);
  return out;
}
