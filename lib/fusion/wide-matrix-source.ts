import { bytesPerElement, DataType } from '../onnx/data-types.ts';
import { float16BitsToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits } from '../onnx/half-float.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { TensorByteSource } from '../onnx/tensor-byte-source.ts';
import { openTensorRangeReader, type TensorRangeReader } from '../onnx/tensor-range-reader.ts';
import type { StoredMatrix } from './stored-ffn-parts.ts';

/** One block's stored matrix inside a wide one. */
export interface WideMatrixPart {
  matrix: StoredMatrix;
  /**
   * The block's RMSNorm scale g folded in: element (r, c) becomes g[r] * w ('rows') or g[c] * w
   * ('columns'), rounded to float32; null leaves the values as stored.
   */
  fold: { scale: Float32Array; along: 'rows' | 'columns' } | null;
}

/** A fused range's weight: the blocks' matrices side by side ('columns', equal row counts) or stacked ('rows'). */
export interface WideMatrix {
  parts: WideMatrixPart[];
  concat: 'columns' | 'rows';
  /** Element type written: FLOAT, FLOAT16 or BFLOAT16. */
  dataType: number;
}

export function wideMatrixDims(wide: WideMatrix): [number, number] {
  const first = wide.parts[0].matrix;
  return wide.concat === 'columns'
    ? [first.rows, wide.parts.reduce((sum, p) => sum + p.matrix.cols, 0)]
    : [wide.parts.reduce((sum, p) => sum + p.matrix.rows, 0), first.cols];
}

/**
 * The wide matrix's bytes, a band of whole rows per piece: each block's rows of that band are read
 * from where the block stores them (positional reads of its external data), folded and converted,
 * and placed at the block's columns. Memory holds one band, never a block's weight or the result.
 */
export function wideMatrixSource(model: Pick<OnnxModel, 'baseDir'>, wide: WideMatrix): TensorByteSource {
  const [rows, cols] = wideMatrixDims(wide);
  const outBytes = elementBytes(wide.dataType);
  for (const part of wide.parts) {
    const m = part.matrix;
    if (wide.concat === 'columns' ? m.rows !== rows : m.cols !== cols) throw new Error(`the blocks' matrices of one fused weight do not line up (${m.rows} x ${m.cols} beside ${rows} x ${cols})`);
  }
  return {
    byteLength: rows * cols * outBytes,
    *pieces(maxPieceBytes: number) {
      const bandRows = Math.max(1, Math.min(rows, Math.floor(maxPieceBytes / (cols * outBytes))));
      const out = new ArrayBuffer(bandRows * cols * outBytes);
      const readers: TensorRangeReader[] = [];
      try {
        for (const part of wide.parts) readers.push(openTensorRangeReader(model, part.matrix.tensor));
        const band = new BandWriter(out, cols, wide.dataType);
        if (wide.concat === 'columns') {
          for (let r0 = 0; r0 < rows; r0 += bandRows) {
            const n = Math.min(bandRows, rows - r0);
            let column = 0;
            wide.parts.forEach((part, k) => {
              band.put(readers[k], part, r0, n, column);
              column += part.matrix.cols;
            });
            yield new Uint8Array(out, 0, n * cols * outBytes);
          }
        } else {
          for (const [k, part] of wide.parts.entries()) {
            for (let r0 = 0; r0 < part.matrix.rows; r0 += bandRows) {
              const n = Math.min(bandRows, part.matrix.rows - r0);
              band.put(readers[k], part, r0, n, 0);
              yield new Uint8Array(out, 0, n * cols * outBytes);
            }
          }
        }
      } finally {
        for (const reader of readers) reader.close();
      }
    },
  };
}

/** Writes rows of one part into a band of the output, converting and folding on the way. */
class BandWriter {
  private stored = new ArrayBuffer(0);
  private widened = new Float32Array(0);
  private readonly row: Float32Array;
  private readonly outBytes: Uint8Array;
  private readonly outFloats: Float32Array | null;
  private readonly outHalves: Uint16Array | null;

  constructor(out: ArrayBuffer, private readonly cols: number, private readonly dataType: number) {
    this.outBytes = new Uint8Array(out);
    this.outFloats = dataType === DataType.FLOAT ? new Float32Array(out) : null;
    this.outHalves = dataType === DataType.FLOAT ? null : new Uint16Array(out);
    this.row = new Float32Array(dataType === DataType.FLOAT ? 0 : cols);
  }

  /** Rows [r0, r0 + n) of the part go to the band's first n rows, from column `column` on. */
  put(reader: TensorRangeReader, part: WideMatrixPart, r0: number, n: number, column: number): void {
    const m = part.matrix;
    const inBytes = elementBytes(m.dataType);
    const stored = this.read(reader, r0 * m.cols * inBytes, n * m.cols * inBytes);
    if (!part.fold && m.dataType === this.dataType) {
      // Same type, nothing folded: the stored bytes are the result.
      const rowBytes = m.cols * inBytes;
      for (let i = 0; i < n; i++) this.outBytes.set(stored.subarray(i * rowBytes, (i + 1) * rowBytes), (i * this.cols + column) * inBytes);
      return;
    }
    const values = this.asFloat32(stored, m.dataType);
    for (let i = 0; i < n; i++) {
      const from = i * m.cols;
      const at = i * this.cols + column;
      // Float32 results are written straight into the band; half results go through one float32 row.
      const target = this.outFloats ?? this.row;
      const offset = this.outFloats ? at : 0;
      foldRow(values, from, m.cols, part.fold, r0 + i, target, offset);
      if (!this.outFloats) encodeHalves(this.row, m.cols, this.outHalves!, at, this.dataType);
    }
  }

  private read(reader: TensorRangeReader, offset: number, length: number): Uint8Array {
    if (this.stored.byteLength < length) this.stored = new ArrayBuffer(length);
    const view = new Uint8Array(this.stored, 0, length);
    reader.read(offset, view);
    return view;
  }

  /** The stored values as float32 (exactly: float32 holds every float16 and bfloat16 value). */
  private asFloat32(bytes: Uint8Array, dataType: number): Float32Array {
    if (dataType === DataType.FLOAT) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
    if (this.widened.length < halves.length) this.widened = new Float32Array(halves.length);
    const out = this.widened;
    if (dataType === DataType.BFLOAT16) {
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < halves.length; i++) bits[i] = halves[i] << 16;
    } else {
      const table = float16Table();
      for (let i = 0; i < halves.length; i++) out[i] = table[halves[i]];
    }
    return out;
  }
}

/**
 * target[offset + c] = g * values[from + c] for c < count, g the fold's scale of this row or column.
 * g * w of two float32 values is exact in float64, and storing it in a Float32Array rounds it once,
 * as Math.fround does in buildWideFfn: the same bits.
 */
function foldRow(values: Float32Array, from: number, count: number, fold: WideMatrixPart['fold'], row: number, target: Float32Array, offset: number): void {
  if (!fold) {
    target.set(values.subarray(from, from + count), offset);
  } else if (fold.along === 'rows') {
    const g = fold.scale[row];
    for (let c = 0; c < count; c++) target[offset + c] = g * values[from + c];
  } else {
    const scale = fold.scale;
    for (let c = 0; c < count; c++) target[offset + c] = scale[c] * values[from + c];
  }
}

/** Rounds float32 values once to float16 or bfloat16 (nearest, ties to even). */
function encodeHalves(values: Float32Array, count: number, out: Uint16Array, at: number, dataType: number): void {
  if (dataType === DataType.FLOAT16) {
    for (let c = 0; c < count; c++) out[at + c] = float32ToFloat16Bits(values[c]);
  } else {
    for (let c = 0; c < count; c++) out[at + c] = float32ToBfloat16Bits(values[c]);
  }
}

let float16Values: Float32Array | null = null;

/** Every float16 bit pattern's value, so widening a weight is one lookup per element. */
function float16Table(): Float32Array {
  if (!float16Values) float16Values = Float32Array.from({ length: 65536 }, (_, bits) => float16BitsToFloat32(bits));
  return float16Values;
}

function elementBytes(dataType: number): number {
  const size = bytesPerElement(dataType);
  if (size === null) throw new Error(`data type ${dataType} has no fixed element size`);
  return size;
}
