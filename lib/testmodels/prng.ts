/**
 * Deterministic PRNG (mulberry32): the same seed gives the same weights on every machine.
 * Its state advances by a constant per draw, so draw n can be reached directly: a tensor's
 * values can be generated in any number of chunks, or long after the graph was built, and
 * still equal the values drawn one after another from the seed.
 */
const INCREMENT = 0x6d2b79f5;

/** The generator, positioned after `skip` draws of the stream of `seed`. */
export function createPrng(seed: number, skip = 0): () => number {
  // Math.imul reduces skip modulo 2^32 exactly for any integer below 2^53: the state wraps there too.
  let state = ((seed >>> 0) + Math.imul(skip, INCREMENT)) >>> 0;
  return () => {
    state = (state + INCREMENT) >>> 0;
    return mix(state);
  };
}

/** `count` values uniform in [center - spread, center + spread]. */
export function uniformValues(random: () => number, count: number, spread: number, center = 0): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = center + spread * (2 * random() - 1);
  return out;
}

/**
 * Fills `out` with draws `first .. first + out.length - 1` of the stream of `seed`, mapped as
 * `uniformValues` maps them (the same values, bit for bit); the generator is inlined because
 * this loop makes every weight of a multi-gigabyte model.
 */
export function fillUniform(out: Float32Array, seed: number, first: number, spread: number, center = 0): void {
  let state = ((seed >>> 0) + Math.imul(first, INCREMENT)) >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (state + INCREMENT) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = center + spread * (2 * (((t ^ (t >>> 14)) >>> 0) / 4294967296) - 1);
  }
}

function mix(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
