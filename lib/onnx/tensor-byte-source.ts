/**
 * A tensor's bytes produced on demand, piece by piece, so that a tensor larger than memory (a
 * fused range of an 8B model, a 2 GB embedding) is never held whole: the saver writes each piece
 * into the data file before asking for the next.
 */
export interface TensorByteSource {
  /** Total bytes the pieces add up to. */
  readonly byteLength: number;
  /**
   * The bytes in order, in pieces of at most about `maxPieceBytes` (a piece may be larger when one
   * indivisible unit, such as one row, is). A piece may be a view of a buffer the next piece
   * overwrites: use or copy it before asking for the next.
   */
  pieces(maxPieceBytes: number): Iterable<Uint8Array>;
}

/** Initializer name -> the source of its bytes, for initializers whose proto holds no data yet. */
export type GeneratedTensors = ReadonlyMap<string, TensorByteSource>;

/** A source over bytes already in memory (small tensors: biases, norm scales). */
export function bytesSource(bytes: Uint8Array): TensorByteSource {
  return {
    byteLength: bytes.byteLength,
    *pieces(maxPieceBytes: number) {
      for (let start = 0; start < bytes.byteLength; start += maxPieceBytes) {
        yield bytes.subarray(start, Math.min(bytes.byteLength, start + maxPieceBytes));
      }
    },
  };
}

/** All of a source's bytes in one new buffer: for tensors small enough to hold (the in-memory path). */
export function collectTensorBytes(source: TensorByteSource, maxPieceBytes = 64 * 2 ** 20): Uint8Array {
  const out = new Uint8Array(source.byteLength);
  let offset = 0;
  for (const piece of source.pieces(maxPieceBytes)) {
    if (offset + piece.byteLength > out.byteLength) throw new Error(`a tensor source produced more than the ${source.byteLength} bytes it announced`);
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  if (offset !== out.byteLength) throw new Error(`a tensor source produced ${offset} bytes, not the ${source.byteLength} it announced`);
  return out;
}
