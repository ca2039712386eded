import { DataType } from '../onnx/data-types.ts';
import { float32ToBfloat16Bits, float32ToFloat16Bits } from '../onnx/half-float.ts';

export type WeightDtype = 'float32' | 'float16' | 'bfloat16';
export const WEIGHT_DTYPES: readonly WeightDtype[] = ['float32', 'float16', 'bfloat16'];

/**
 * The element types of a test decoder: `weightType` for its weight initializers, `computeType`
 * for its activations, float constants and float inputs/outputs. Half-precision weights in a
 * float32 graph are each followed by a Cast to float32 (weights-only half precision, as mixed
 * precision exports look); a half-precision graph (`model.half()` exported) computes in the
 * weights' type throughout.
 */
export interface GraphPrecision {
  weightType: number;
  computeType: number;
}

export function graphPrecision(dtype: WeightDtype, halfGraph: boolean): GraphPrecision {
  const weightType = dataTypeOf(dtype);
  return { weightType, computeType: halfGraph ? weightType : DataType.FLOAT };
}

export function dataTypeOf(dtype: WeightDtype): number {
  switch (dtype) {
    case 'float32':
      return DataType.FLOAT;
    case 'float16':
      return DataType.FLOAT16;
    case 'bfloat16':
      return DataType.BFLOAT16;
  }
}

/** Bytes per element of a float type this module writes. */
export function floatTypeBytes(dataType: number): number {
  if (dataType === DataType.FLOAT) return 4;
  if (dataType === DataType.FLOAT16 || dataType === DataType.BFLOAT16) return 2;
  throw new Error(`data type ${dataType} is not a float type test decoders store`);
}

/**
 * The little-endian bytes of `values` in `dataType`, rounded to nearest even. float32 returns a
 * view of `values`; the half types are written into `scratch` when given (reused across chunks).
 */
export function encodeFloats(values: Float32Array, dataType: number, scratch?: Uint16Array): Uint8Array {
  if (dataType === DataType.FLOAT) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = scratch && scratch.length >= values.length ? scratch.subarray(0, values.length) : new Uint16Array(values.length);
  if (dataType === DataType.FLOAT16) toFloat16Bits(values, out);
  else if (dataType === DataType.BFLOAT16) toBfloat16Bits(values, out);
  else throw new Error(`data type ${dataType} is not a float type test decoders store`);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * float32ToFloat16Bits (lib/onnx/half-float.ts) over an array, about twice as fast: values in
 * float16's normal range (2^-14 <= |x| < 2^16, nearly every weight) are rebiased and rounded to
 * nearest even on their bit pattern (a carry out of the mantissa steps the exponent, up to
 * infinity); subnormals, overflow and NaN go through the scalar function.
 */
function toFloat16Bits(values: Float32Array, out: Uint16Array): void {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i];
    const magnitude = x & 0x7fffffff;
    if (magnitude >= 0x38800000 && magnitude < 0x47800000) {
      out[i] = ((x >>> 16) & 0x8000) | ((magnitude - 0x38000000 + 0xfff + ((magnitude >>> 13) & 1)) >>> 13);
    } else {
      out[i] = float32ToFloat16Bits(values[i]);
    }
  }
}

/** float32ToBfloat16Bits over an array, on the bit patterns (NaN through the scalar function). */
function toBfloat16Bits(values: Float32Array, out: Uint16Array): void {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i];
    out[i] = (x & 0x7fffffff) > 0x7f800000 ? float32ToBfloat16Bits(values[i]) : ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
  }
}
