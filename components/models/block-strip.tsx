import type { StructureSummary } from '@/lib/onnx/decoder-structure.ts';
import { blockKind, KIND_COLORS, KIND_LABELS } from '../heatmap/block-kinds.ts';
import { KindKey } from '../heatmap/kind-key.tsx';

/** One bar per block: colour = kind, height = parameters; the title tells FFN width and counts. */
export function BlockStrip({ structure }: { structure: StructureSummary }) {
  const most = Math.max(1, ...structure.blocks.map((b) => b.attentionParameters + b.ffnParameters));
  const inRun = (i: number) => structure.attentionFreeRuns.some(([a, b]) => i >= a && i <= b);
  return (
    <div data-testid="block-strip">
      <KindKey />
      <div className="block-strip" role="list" aria-label="blocks">
        {structure.blocks.map((b) => {
          const params = b.attentionParameters + b.ffnParameters;
          const label = `block ${b.index}: ${KIND_LABELS[blockKind(b)]}${b.ffnWidth ? `, FFN width ${b.ffnWidth}` : ''}, ${params.toLocaleString()} parameters${inRun(b.index) ? ', attention-free run' : ''}`;
          return <div key={b.index} role="listitem" className="blk" title={label} aria-label={label}
            style={{ height: `${20 + (80 * params) / most}%`, background: KIND_COLORS[blockKind(b)], borderBottom: inRun(b.index) ? '3px solid var(--text)' : undefined }} />;
        })}
      </div>
      <div className="row muted" style={{ justifyContent: 'space-between', fontSize: 12 }}><span>0</span><span>{structure.blockCount - 1}</span></div>
    </div>
  );
}
