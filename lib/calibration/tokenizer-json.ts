import fs from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

/**
 * A model's own tokenizer from its tokenizer.json, offline. A tokenizer_config.json
 * beside it (as Hugging Face repositories ship it) is read too when present.
 */
export function loadTokenizerJson(tokenizerJsonPath: string): Tokenizer {
  const tokenizer = readJson(tokenizerJsonPath);
  const configPath = path.join(path.dirname(tokenizerJsonPath), 'tokenizer_config.json');
  const config = fs.existsSync(configPath) ? readJson(configPath) : {};
  return new Tokenizer(tokenizer, config);
}

function readJson(filePath: string): object {
  try {
    return JSON.parse(fs.readFileSync(filePath, 'utf8')) as object;
  } catch (error) {
    throw new Error(`cannot read ${filePath}: ${(error as Error).message}`);
  }
}
