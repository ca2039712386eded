export function formatRanges(ranges: ReadonlyArray<[number, number]>): string {
  return ranges.map(([a, b]) => `[${a}, ${b}]`).join(' ') || '—';
}
