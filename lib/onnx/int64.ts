import type { Int64 } from './onnx-types.ts';

/** int64 fields decode to Long objects (or numbers when built in code); this reads either. */
export function int64ToNumber(value: Int64 | undefined | null): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
