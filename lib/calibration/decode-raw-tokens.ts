import { CalibrationError } from './calibration-error.ts';
import { elementBytes, type TokenDtype } from './token-dtype.ts';

/** Little-endian token ids of one dtype, packed with no header. */
export function decodeRawTokens(bytes: Uint8Array, dtype: TokenDtype): BigInt64Array {
  const size = elementBytes(dtype);
  if (bytes.byteLength % size !== 0) {
    throw new CalibrationError(
      'truncated',
      `${bytes.byteLength} bytes is not a multiple of ${size} (the size of one ${dtype} token id): ` +
        `the file is truncated or the dtype is wrong`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ids = new BigInt64Array(bytes.byteLength / size);
  const read = elementReader(view, dtype);
  for (let index = 0; index < ids.length; index++) ids[index] = read(index * size);
  return ids;
}

function elementReader(view: DataView, dtype: TokenDtype): (offset: number) => bigint {
  switch (dtype) {
    case 'uint8':
      return (offset) => BigInt(view.getUint8(offset));
    case 'uint16':
      return (offset) => BigInt(view.getUint16(offset, true));
    case 'int32':
      return (offset) => BigInt(view.getInt32(offset, true));
    case 'int64':
      return (offset) => view.getBigInt64(offset, true);
  }
}
