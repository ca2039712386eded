import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeTextAsTokens } from '../../lib/calibration/encode-text.ts';
import { expectCalibrationError } from './expect-calibration-error.ts';

const tokenizerJsonPath = fileURLToPath(new URL('./fixtures/bpe-400-tokenizer.json', import.meta.url));
// Ids that Hugging Face's Rust tokenizers gave for the same text with the same tokenizer.json.
const expected = JSON.parse(
  fs.readFileSync(new URL('./fixtures/bpe-400-expected.json', import.meta.url), 'utf8'),
) as { text: string; ids: number[]; vocabSize: number };

describe('encodeTextAsTokens, byte-level', () => {
  it('feeds a byte-level model the UTF-8 bytes of the text', () => {
    expect(Array.from(encodeTextAsTokens('aé\n', { vocabSize: 256 }))).toEqual([97n, 195n, 169n, 10n]);
  });

  it('takes file bytes as they are', () => {
    const bytes = Uint8Array.from([0, 200, 255]);
    expect(Array.from(encodeTextAsTokens(bytes, { vocabSize: 256 }))).toEqual([0n, 200n, 255n]);
  });

  it('reads the demo calibration text as 65,536 byte tokens', () => {
    const text = fs.readFileSync(new URL('../../models/demo/calibration.txt', import.meta.url));
    const ids = encodeTextAsTokens(text, { vocabSize: 256 });
    expect(ids.length).toBe(65536);
    expect(ids[0]).toBe(BigInt(text[0]));
  });

  it('refuses to feed bytes to a model that is not byte-level', () => {
    expectCalibrationError(
      () => encodeTextAsTokens('hello', { vocabSize: 32000 }),
      'not-byte-level',
      "the model's vocabulary has 32000 ids, so text cannot be fed to it as bytes " +
        "(that needs a byte-level model, vocabulary 256): give the model's tokenizer.json",
    );
  });

  it('refuses empty text', () => {
    expectCalibrationError(() => encodeTextAsTokens('', { vocabSize: 256 }), 'empty', 'the text is empty: it gives no tokens');
  });
});

describe('encodeTextAsTokens, with tokenizer.json', () => {
  it('gives the ids the reference tokenizer gives', () => {
    const ids = encodeTextAsTokens(expected.text, { vocabSize: expected.vocabSize, tokenizerJsonPath });
    expect(Array.from(ids, Number)).toEqual(expected.ids);
  });

  it('decodes UTF-8 bytes before tokenizing and refuses invalid UTF-8', () => {
    const bytes = new TextEncoder().encode(expected.text);
    expect(Array.from(encodeTextAsTokens(bytes, { vocabSize: 400, tokenizerJsonPath }), Number)).toEqual(expected.ids);
    expectCalibrationError(
      () => encodeTextAsTokens(Uint8Array.from([0x66, 0xff]), { vocabSize: 400, tokenizerJsonPath }),
      'bad-text',
      'the text is not valid UTF-8',
    );
  });

  it('refuses a tokenizer whose ids do not fit the model', () => {
    const position = expected.ids.findIndex((id) => id >= 300);
    expectCalibrationError(
      () => encodeTextAsTokens(expected.text, { vocabSize: 300, tokenizerJsonPath }),
      'out-of-vocabulary',
      `${tokenizerJsonPath} gave token id ${expected.ids[position]} (at position ${position}), ` +
        "outside the model's vocabulary of 300: is it the model's own tokenizer?",
    );
  });
});
