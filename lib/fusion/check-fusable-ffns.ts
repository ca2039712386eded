import type { FfnActivation } from '../onnx/decoder-structure.ts';
import type { ActivationForm } from './ffn-parts.ts';

/** What decides whether blocks' FFNs fuse into one: the same kind, and equal RMSNorm epsilons. */
export interface FfnKind {
  block: number;
  activation: FfnActivation;
  form: ActivationForm;
  /** Null for a non-gated FFN. */
  gate: unknown;
  normEpsilon: number;
}

/** Throws, naming the blocks, unless every FFN has the first one's kind and epsilon. */
export function checkFusableFfns(parts: FfnKind[]): void {
  const first = parts[0];
  for (const p of parts.slice(1)) {
    if (p.activation !== first.activation || p.form.kind !== first.form.kind || (p.gate === null) !== (first.gate === null)) {
      throw new Error(`blocks ${first.block} and ${p.block} have different FFN kinds (${describe(first)} vs ${describe(p)}); only FFNs of one kind fuse into one`);
    }
    if (p.normEpsilon !== first.normEpsilon) {
      throw new Error(`blocks ${first.block} and ${p.block} use different RMSNorm epsilons (${first.normEpsilon} vs ${p.normEpsilon}); folding the norms is exact only when they are equal`);
    }
  }
}

function describe(p: FfnKind): string {
  return `${p.gate !== null ? 'gated ' : ''}${p.form.kind === 'op' ? p.form.node.opType : p.form.kind}`;
}
