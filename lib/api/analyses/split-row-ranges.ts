/**
 * Cuts rows 0..L-1 into at most `parts` contiguous ranges of similar cost, so that N workers
 * taking one range each finish together. Row i costs the L-1-i block runs of its variant and one
 * epilogue run; every range also pays the same streamed intact pass of L blocks, which does not
 * change the balance.
 */
export function splitRowRanges(blockCount: number, parts: number): Array<[number, number]> {
  const count = Math.max(1, Math.min(parts, blockCount));
  const cost = (i: number) => blockCount - 1 - i + 1;
  const total = Array.from({ length: blockCount }, (_, i) => cost(i)).reduce((a, b) => a + b, 0);
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let spent = 0;
  for (let i = 0; i < blockCount; i++) {
    spent += cost(i);
    const remainingParts = count - ranges.length - 1;
    const mustClose = blockCount - 1 - i === remainingParts;
    if (i === blockCount - 1 || mustClose || (remainingParts > 0 && spent >= (total * (ranges.length + 1)) / count)) {
      ranges.push([start, i]);
      start = i + 1;
    }
  }
  return ranges;
}
