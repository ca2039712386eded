import { CalibrationError } from './calibration-error.ts';
import { decodeRawTokens } from './decode-raw-tokens.ts';
import type { TokenArray } from './token-array.ts';
import { elementBytes, type TokenDtype } from './token-dtype.ts';

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const NPY_DTYPES: Record<string, TokenDtype> = {
  '|u1': 'uint8',
  '<u1': 'uint8',
  '<u2': 'uint16',
  '<i4': 'int32',
  '<i8': 'int64',
};

/** A NumPy .npy file of token ids: dtype |u1, <u2, <i4 or <i8, C order, 1-D or 2-D. */
export function parseNpy(bytes: Uint8Array): TokenArray {
  const header = readNpyHeader(bytes);
  const dtype = npyTokenDtype(header.descr);
  if (header.fortranOrder) fail('it is stored in Fortran (column-major) order; save it in C order (np.ascontiguousarray)');
  if (header.shape.length < 1 || header.shape.length > 2) {
    fail(`it has ${header.shape.length} dimensions (shape (${header.shape.join(', ')})); token ids must be 1-D or 2-D`);
  }
  const count = header.shape.reduce((product, size) => product * size, 1);
  const expected = count * elementBytes(dtype);
  const data = bytes.subarray(header.dataOffset);
  if (data.byteLength < expected) {
    throw new CalibrationError(
      'truncated',
      `the .npy file is truncated: shape (${header.shape.join(', ')}) of ${header.descr} needs ${expected} bytes of data, ` +
        `the file holds ${data.byteLength}`,
    );
  }
  if (data.byteLength > expected) fail(`it holds ${data.byteLength - expected} bytes more than its shape needs`);
  return { ids: decodeRawTokens(data, dtype), shape: header.shape };
}

function npyTokenDtype(descr: string): TokenDtype {
  const dtype = NPY_DTYPES[descr];
  if (dtype) return dtype;
  const hint = descr.startsWith('>') ? ' (big-endian: convert it with .astype("<i8"))' : '';
  throw new CalibrationError(
    'unknown-dtype',
    `unsupported .npy dtype '${descr}'${hint}: token ids must be one of ${Object.keys(NPY_DTYPES).join(', ')}`,
  );
}

function readNpyHeader(bytes: Uint8Array): NpyHeader {
  if (bytes.byteLength < 10 || !MAGIC.every((byte, index) => bytes[index] === byte)) {
    fail('it does not start with the .npy magic string \\x93NUMPY');
  }
  const major = bytes[6];
  if (major < 1 || major > 3) fail(`format version ${major}.${bytes[7]} is unknown (1.0, 2.0 and 3.0 are read)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  const headerStart = 8 + lengthBytes;
  if (bytes.byteLength < headerStart) fail('the header is cut short');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = headerStart + headerLength;
  if (bytes.byteLength < dataOffset) fail(`the header claims ${headerLength} bytes but the file ends before that`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataOffset));
  return { ...parseHeaderDict(text), dataOffset };
}

function parseHeaderDict(text: string): Omit<NpyHeader, 'dataOffset'> {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    fail(`its header lacks descr, fortran_order or shape: ${text.trim()}`);
  }
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => (/^\d+L?$/.test(part) ? Number.parseInt(part, 10) : fail(`its shape (${shapeText}) is not a list of sizes`)));
  return { descr, fortranOrder: fortran === 'True', shape };
}

function fail(reason: string): never {
  throw new CalibrationError('bad-npy', `cannot read the .npy file: ${reason}`);
}
