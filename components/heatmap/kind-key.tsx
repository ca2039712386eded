import { KIND_COLORS, KIND_LABELS, type BlockKind } from './block-kinds.ts';

/** Legend of the block-kind strips. */
export function KindKey() {
  const kinds: BlockKind[] = ['attention+ffn', 'ffn', 'attention'];
  return (
    <div>
      {kinds.map((k) => <span key={k} className="kind-key"><i style={{ background: KIND_COLORS[k] }} />{KIND_LABELS[k]}</span>)}
      <span className="kind-key"><i style={{ background: 'var(--text)', height: 2 }} />attention-free run</span>
    </div>
  );
}
