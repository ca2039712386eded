import type { GraphIndex } from './graph-index.ts';

/** True when computing `value` reads `ancestor` (directly or through other nodes). */
export function dependsOn(index: GraphIndex, value: string, ancestor: string): boolean {
  const seen = new Set<string>();
  const stack = [value];
  while (stack.length) {
    const v = stack.pop()!;
    if (v === ancestor) return true;
    if (seen.has(v)) continue;
    seen.add(v);
    const node = index.producer.get(v);
    if (node) stack.push(...(node.input ?? []).filter(Boolean));
  }
  return false;
}
