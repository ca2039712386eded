/** Compact value text for tooltips, ticks and tables. */
export function formatValue(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(digits - 1);
  return value.toPrecision(digits);
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** 2⁻⁹ style label for powers of two (as in the paper's figure), else the compact value. */
export function formatTick(value: number): string {
  const e = Math.log2(Math.abs(value));
  if (value > 0 && Number.isInteger(e) && e <= -3) return `2${[...String(e)].map((c) => SUPERSCRIPT[c]).join('')}`;
  return formatValue(value, 2);
}

/** Milliseconds without exponents: 0.84, 45.8, 2440. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US');
}
