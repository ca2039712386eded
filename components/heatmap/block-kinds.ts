export interface BlockShape {
  index: number;
  attention: boolean;
  ffn: boolean;
}

export type BlockKind = 'attention+ffn' | 'ffn' | 'attention' | 'empty';

export function blockKind(block: BlockShape | undefined): BlockKind {
  if (!block) return 'empty';
  if (block.attention && block.ffn) return 'attention+ffn';
  if (block.ffn) return 'ffn';
  return block.attention ? 'attention' : 'empty';
}

export const KIND_COLORS: Record<BlockKind, string> = {
  'attention+ffn': '#8b5cf6',
  ffn: '#22c55e',
  attention: '#f59e0b',
  empty: '#4b5563',
};

export const KIND_LABELS: Record<BlockKind, string> = {
  'attention+ffn': 'attention + FFN',
  ffn: 'FFN only',
  attention: 'attention only',
  empty: 'no sublayer',
};
