import { referenceContribution, type MeasurementHeads, type ReferenceContribution } from './heads/measurement-heads.ts';
import { zeroReference, type IntactPass } from './intact-pass.ts';

/**
 * h^k = X_k+1 - X_k and its per-token squared norms for every block k >= fromBlock, the values
 * the variants are measured against; zeros for the blocks before (no requested variant reaches them).
 */
export async function intactReferences(heads: MeasurementHeads, intact: IntactPass, hidden: number, fromBlock: number): Promise<ReferenceContribution[]> {
  const blockCount = intact.stream.length - 1;
  const zero = zeroReference(hidden);
  const references: ReferenceContribution[] = [];
  for (let k = 0; k < blockCount; k++) {
    references.push(k < fromBlock ? zero : await referenceContribution(heads, intact.stream[k + 1], intact.stream[k], hidden));
  }
  return references;
}
