import { CalibrationError } from './calibration-error.ts';
import type { TokenArray } from './token-array.ts';

/** A JSON array of integer token ids, or an array of equally long arrays (read row by row). */
export function parseJsonTokens(text: string): TokenArray {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail(`it is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) fail(`it holds ${describe(value)}, not an array of token ids`);
  if (value.length > 0 && Array.isArray(value[0])) return parseRows(value);
  return { ids: toIds(value, ''), shape: [value.length] };
}

function parseRows(rows: unknown[]): TokenArray {
  const width = (rows[0] as unknown[]).length;
  const ids = new BigInt64Array(rows.length * width);
  rows.forEach((row, rowIndex) => {
    if (!Array.isArray(row)) fail(`row ${rowIndex} is ${describe(row)}, not an array`);
    if (row.length !== width) fail(`row ${rowIndex} has ${row.length} ids, row 0 has ${width}: rows must be equally long`);
    ids.set(toIds(row, `row ${rowIndex}, `), rowIndex * width);
  });
  return { ids, shape: [rows.length, width] };
}

function toIds(values: unknown[], where: string): BigInt64Array {
  const ids = new BigInt64Array(values.length);
  values.forEach((value, index) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      fail(`${where}element ${index} is ${describe(value)}, not an integer token id`);
    }
    ids[index] = BigInt(value);
  });
  return ids;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 20))}`;
  return `${typeof value} ${String(value)}`;
}

function fail(reason: string): never {
  throw new CalibrationError('bad-json', `cannot read the JSON token file: ${reason}`);
}
