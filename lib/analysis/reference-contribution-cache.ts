import { referenceContribution, type MeasurementHeads, type ReferenceContribution } from './heads/measurement-heads.ts';
import type { IntactPass } from './intact-pass.ts';

/** h^j for each block j, computed on first use and kept (L arrays the size of one stream). */
export function referenceCache(heads: MeasurementHeads, intact: IntactPass, hidden: number) {
  const cache = new Map<number, ReferenceContribution>();
  return async (block: number): Promise<ReferenceContribution> => {
    const known = cache.get(block);
    if (known) return known;
    const made = await referenceContribution(heads, intact.stream[block + 1], intact.stream[block], hidden);
    cache.set(block, made);
    return made;
  };
}
