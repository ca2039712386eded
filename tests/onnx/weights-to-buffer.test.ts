import { describe, expect, it } from 'vitest';
import { moveWeightsToBuffer } from '../../lib/onnx/weights-to-buffer.ts';
import type { TensorProto } from '../../lib/onnx/onnx-types.ts';

const floats = (name: string, n: number, start: number): TensorProto => ({
  name, dims: [n], dataType: 1, rawData: new Uint8Array(Float32Array.from({ length: n }, (_, i) => start + i).buffer),
});

describe('moveWeightsToBuffer', () => {
  it('moves large inline tensors to one aligned buffer and leaves small and given tensors alone', () => {
    const big = floats('big', 1000, 0);
    const typed: TensorProto = { name: 'typed', dims: [300], dataType: 1, floatData: Array.from({ length: 300 }, (_, i) => -i) };
    const small = floats('small', 3, 7);
    const { tensors, data, location } = moveWeightsToBuffer([big, small, typed], 'w.bin');
    const [movedBig, keptSmall, movedTyped] = tensors;
    expect(keptSmall).toBe(small);
    expect(big.rawData?.length).toBe(4000);
    for (const [moved, expected] of [[movedBig, Float32Array.from({ length: 1000 }, (_, i) => i)], [movedTyped, Float32Array.from({ length: 300 }, (_, i) => -i)]] as const) {
      expect(moved.dataLocation).toBe(1);
      expect(moved.rawData).toBeUndefined();
      const info = Object.fromEntries((moved.externalData ?? []).map((e) => [e.key, e.value]));
      expect(info.location).toBe(location);
      const offset = Number(info.offset);
      expect(offset % 64).toBe(0);
      expect(Number(info.length)).toBe(expected.byteLength);
      expect(new Float32Array(data.slice(offset, offset + expected.byteLength).buffer)).toEqual(expected);
    }
  });
});
