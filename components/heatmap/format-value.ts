/** Compact value text for tooltips, ticks and tables. */
export function formatValue(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(digits - 1);
  return value.toPrecision(digits);
}

/** 2^-9 style label for powers of two, else the compact value. */
export function formatTick(value: number): string {
  const e = Math.log2(Math.abs(value));
  if (value > 0 && Number.isInteger(e) && e <= -3) return `2^${e}`;
  return formatValue(value, 2);
}
