import { CalibrationError } from './calibration-error.ts';
import { decodeRawTokens } from './decode-raw-tokens.ts';
import { parseJsonTokens } from './parse-json-tokens.ts';
import { parseNpy } from './parse-npy.ts';
import type { TokenArray } from './token-array.ts';
import type { TokenFileFormat } from './token-file-format.ts';

/** Token ids from the bytes of a token file (an upload, or a file already read). */
export function decodeTokenBytes(bytes: Uint8Array, format: TokenFileFormat): TokenArray {
  if (bytes.byteLength === 0) throw new CalibrationError('empty', 'the token file is empty: it holds no token ids');
  const array = decodeByFormat(bytes, format);
  if (array.ids.length === 0) throw new CalibrationError('empty', 'the token file holds no token ids');
  return array;
}

function decodeByFormat(bytes: Uint8Array, format: TokenFileFormat): TokenArray {
  if (format === 'npy') return parseNpy(bytes);
  if (format === 'json') return parseJsonTokens(new TextDecoder().decode(bytes));
  const ids = decodeRawTokens(bytes, format);
  return { ids, shape: [ids.length] };
}
