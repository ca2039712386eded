/** An inclusive range of block indices [a, b] whose FFNs are fused into one. */
export type FusionRange = [number, number];

export function formatRange([a, b]: FusionRange): string {
  return `[${a}, ${b}]`;
}

/** "6-14,20-22" → [[6, 14], [20, 22]]. */
export function parseRanges(text: string): FusionRange[] {
  return text.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const m = /^(\d+)\s*[-–:]\s*(\d+)$/.exec(part);
    if (!m) throw new Error(`a range must look like 6-14 (first and last block, inclusive), got "${part}"`);
    return [Number(m[1]), Number(m[2])] as FusionRange;
  });
}
