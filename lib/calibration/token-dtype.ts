import { CalibrationError } from './calibration-error.ts';

export const TOKEN_DTYPES = ['uint8', 'uint16', 'int32', 'int64'] as const;
export type TokenDtype = (typeof TOKEN_DTYPES)[number];

const ELEMENT_BYTES: Record<TokenDtype, number> = { uint8: 1, uint16: 2, int32: 4, int64: 8 };

export function elementBytes(dtype: TokenDtype): number {
  return ELEMENT_BYTES[dtype];
}

export function isTokenDtype(name: string): name is TokenDtype {
  return (TOKEN_DTYPES as readonly string[]).includes(name);
}

export function parseTokenDtype(name: string): TokenDtype {
  if (isTokenDtype(name)) return name;
  throw new CalibrationError(
    'unknown-dtype',
    `unknown token dtype "${name}": expected one of ${TOKEN_DTYPES.join(', ')}`,
  );
}
