import * as ort from 'onnxruntime-node';

/**
 * How a side value (a prologue output the blocks read: masks, rotary tables, shapes) depends on
 * the batch, found by running the prologue on the calibration batch and on the batch twice over:
 * - shared: the same for any batch (a causal mask [1, 1, T, T], rotary tables [T, d]);
 * - per sequence: one slice per sequence along axis 0 ([batch, 1, T, T] masks, position ids);
 * - batch size: an int64 vector holding the batch size among other entries (shapes computed from
 *   the inputs' shape).
 * Knowing that, the values for any list of sequences (stacked variants, epilogue chunks) are made
 * from the calibration batch's own, without running the prologue again.
 */
type SideKind =
  | { kind: 'shared'; tensor: ort.Tensor }
  | { kind: 'perSequence'; tensor: ort.Tensor; rowSize: number }
  | { kind: 'batchSize'; tensor: ort.Tensor; positions: number[] };

export interface SideValues {
  /** The side values for a batch made of these calibration sequences (indices into the batch, repeats allowed). */
  forSequences(sequences: number[]): Record<string, ort.Tensor>;
}

export function classifySideValues(
  names: string[], single: Record<string, ort.Tensor>, doubled: Record<string, ort.Tensor> | null, sequences: number,
): SideValues {
  const kinds = new Map<string, SideKind>();
  for (const name of names) kinds.set(name, classify(name, single[name], doubled?.[name] ?? null, sequences));
  const identity = Array.from({ length: sequences }, (_, k) => k);
  return {
    forSequences(list) {
      const out: Record<string, ort.Tensor> = {};
      const same = list.length === sequences && list.every((s, k) => s === identity[k]);
      for (const [name, side] of kinds) out[name] = same ? side.tensor : forList(name, side, list);
      return out;
    },
  };
}

function classify(name: string, one: ort.Tensor, two: ort.Tensor | null, sequences: number): SideKind {
  if (!two) return { kind: 'shared', tensor: one };
  const dimsOne = [...one.dims];
  const dimsTwo = [...two.dims];
  const a = one.data as ArrayLike<number | bigint>;
  const b = two.data as ArrayLike<number | bigint>;
  if (sameDims(dimsOne, dimsTwo)) {
    if (equalValues(a, b)) return { kind: 'shared', tensor: one };
    const positions = batchSizePositions(a, b, sequences);
    if (positions && (one.type === 'int64' || one.type === 'int32')) return { kind: 'batchSize', tensor: one, positions };
  } else if (dimsOne.length > 0 && dimsOne[0] === sequences && dimsTwo[0] === 2 * sequences && sameDims(dimsOne.slice(1), dimsTwo.slice(1))) {
    const rowSize = a.length / sequences;
    if (equalValues(a, sliceOf(b, 0, a.length)) && equalValues(a, sliceOf(b, a.length, 2 * a.length))) {
      return { kind: 'perSequence', tensor: one, rowSize };
    }
  }
  throw new Error(`the prologue value "${name}" read by the blocks changes with the batch in a way the engine cannot follow `
    + `(shape [${dimsOne.join(', ')}] for ${sequences} sequences, [${dimsTwo.join(', ')}] for ${2 * sequences}); `
    + 'export the model with the batch on the first axis of its masks and position inputs');
}

function forList(name: string, side: SideKind, list: number[]): ort.Tensor {
  const { tensor } = side;
  if (side.kind === 'shared') return tensor;
  const source = tensor.data as unknown as { subarray(a: number, b: number): ArrayLike<number | bigint>; constructor: new (n: number) => unknown };
  if (side.kind === 'batchSize') {
    const values = (tensor.data as BigInt64Array | Int32Array).slice();
    for (const p of side.positions) (values as unknown as Array<number | bigint>)[p] = tensor.type === 'int64' ? BigInt(list.length) : list.length;
    return new ort.Tensor(tensor.type as 'int64', values as BigInt64Array, tensor.dims);
  }
  if (!Number.isInteger(side.rowSize)) throw new Error(`side value "${name}" does not split into sequences`);
  const Typed = source.constructor as new (n: number) => { set(a: ArrayLike<number | bigint>, o: number): void };
  const out = new Typed(list.length * side.rowSize);
  list.forEach((s, k) => out.set(source.subarray(s * side.rowSize, (s + 1) * side.rowSize), k * side.rowSize));
  return new ort.Tensor(tensor.type as 'float32', out as unknown as Float32Array, [list.length, ...tensor.dims.slice(1)]);
}

function batchSizePositions(a: ArrayLike<number | bigint>, b: ArrayLike<number | bigint>, sequences: number): number[] | null {
  const positions: number[] = [];
  for (let k = 0; k < a.length; k++) {
    if (a[k] === b[k]) continue;
    if (Number(a[k]) !== sequences || Number(b[k]) !== 2 * sequences) return null;
    positions.push(k);
  }
  return positions;
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, k) => d === b[k]);
}

function equalValues(a: ArrayLike<number | bigint>, b: ArrayLike<number | bigint>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) return false;
  return true;
}

function sliceOf(data: ArrayLike<number | bigint>, start: number, end: number): ArrayLike<number | bigint> {
  return (data as unknown as { subarray(a: number, b: number): ArrayLike<number | bigint> }).subarray(start, end);
}
