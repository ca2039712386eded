export type { RangeSuggestion as SuggestedRange } from '@/lib/analysis/suggest-ranges/types.ts';
