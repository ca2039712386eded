import { CalibrationError } from './calibration-error.ts';
import { loadTokenizerJson } from './tokenizer-json.ts';

export const BYTE_VOCABULARY_SIZE = 256;

export interface TextEncodingOptions {
  /** The model's vocabulary size (its logits' last dimension). */
  vocabSize: number;
  /** The model's tokenizer.json; without it the text is fed as UTF-8 bytes (byte-level models only). */
  tokenizerJsonPath?: string;
  /** Let the tokenizer add its special tokens (e.g. BOS); off by default: calibration wants a plain stream. */
  addSpecialTokens?: boolean;
}

/** Token ids of a text: its UTF-8 bytes for a byte-level model, else the model's own tokenizer. */
export function encodeTextAsTokens(text: string | Uint8Array, options: TextEncodingOptions): BigInt64Array {
  const ids = options.tokenizerJsonPath ? encodeWithTokenizer(text, options) : encodeAsBytes(text, options.vocabSize);
  if (ids.length === 0) throw new CalibrationError('empty', 'the text is empty: it gives no tokens');
  return ids;
}

function encodeAsBytes(text: string | Uint8Array, vocabSize: number): BigInt64Array {
  if (vocabSize !== BYTE_VOCABULARY_SIZE) {
    throw new CalibrationError(
      'not-byte-level',
      `the model's vocabulary has ${vocabSize} ids, so text cannot be fed to it as bytes ` +
        `(that needs a byte-level model, vocabulary ${BYTE_VOCABULARY_SIZE}): give the model's tokenizer.json`,
    );
  }
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return BigInt64Array.from(bytes, (byte) => BigInt(byte));
}

function encodeWithTokenizer(text: string | Uint8Array, options: TextEncodingOptions): BigInt64Array {
  const tokenizer = loadTokenizerJson(options.tokenizerJsonPath!);
  const encoding = tokenizer.encode(asString(text), { add_special_tokens: options.addSpecialTokens ?? false });
  const outside = encoding.ids.findIndex((id) => id < 0 || id >= options.vocabSize);
  if (outside >= 0) {
    throw new CalibrationError(
      'out-of-vocabulary',
      `${options.tokenizerJsonPath} gave token id ${encoding.ids[outside]} (at position ${outside}), outside the ` +
        `model's vocabulary of ${options.vocabSize}: is it the model's own tokenizer?`,
    );
  }
  return BigInt64Array.from(encoding.ids, (id) => BigInt(id));
}

function asString(text: string | Uint8Array): string {
  if (typeof text === 'string') return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch {
    throw new CalibrationError('bad-text', 'the text is not valid UTF-8');
  }
}
