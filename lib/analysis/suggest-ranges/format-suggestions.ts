import type { FusionSuggestions, RangeSuggestion } from './types.ts';

/** The suggestions as text, one line per range with its reason. */
export function formatSuggestions(s: FusionSuggestions): string {
  const lines = [`FFN fusion ranges (max M ${s.options.maxDependency}${s.options.maxFusedWidth ? `, fused width <= ${s.options.maxFusedWidth}` : ''}):`];
  lines.push(...(s.ffnRanges.length ? s.ffnRanges.map(line) : ['  none: no attention-free run of three or more FFN-only blocks']));
  lines.push('', `Full-block windows of ${s.options.windowSize} (appendix B, best first, without overlap):`);
  lines.push(...(s.blockWindows.length ? s.blockWindows.map(line) : ['  none']));
  return lines.join('\n');
}

function line(r: RangeSuggestion): string {
  return `  ${`${r.range[0]}-${r.range[1]}`.padEnd(7)} ${r.reason}`;
}
