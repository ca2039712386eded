'use client';

import { useState } from 'react';
import type { StructureSummary } from '@/lib/onnx/decoder-structure.ts';
import { blockKind, KIND_COLORS, KIND_LABELS } from '../heatmap/block-kinds.ts';
import { KindKey } from '../heatmap/kind-key.tsx';

type Block = StructureSummary['blocks'][number];

function describe(b: Block, inRun: boolean): string {
  const params = b.attentionParameters + b.ffnParameters;
  return `block ${b.index}: ${KIND_LABELS[blockKind(b)]}${b.ffnWidth ? `, FFN width ${b.ffnWidth}` : ''}, ${params.toLocaleString()} parameters (attention ${b.attentionParameters.toLocaleString()}, FFN ${b.ffnParameters.toLocaleString()})${inRun ? ', in an attention-free run' : ''}`;
}

function widthSummary(blocks: Block[]): string {
  const widths = [...new Set(blocks.map((b) => b.ffnWidth).filter((w): w is number => w !== null))];
  return widths.length === 0 ? 'none' : widths.length === 1 ? `${widths[0]} in every FFN` : widths.sort((a, b) => a - b).join(', ');
}

/** One bar per block: colour = kind, height = parameters; hover or focus a bar for its details. */
export function BlockStrip({ structure }: { structure: StructureSummary }) {
  const [active, setActive] = useState<number | null>(null);
  const most = Math.max(1, ...structure.blocks.map((b) => b.attentionParameters + b.ffnParameters));
  const inRun = (i: number) => structure.attentionFreeRuns.some(([a, b]) => i >= a && i <= b);
  const shown = active !== null ? structure.blocks[active] : undefined;
  return (
    <div data-testid="block-strip">
      <KindKey />
      <div className="block-strip" role="list" aria-label="blocks" onPointerLeave={() => setActive(null)}>
        {structure.blocks.map((b) => (
          <div key={b.index} role="listitem" tabIndex={0} className="blk" aria-label={describe(b, inRun(b.index))}
            onPointerEnter={() => setActive(b.index)} onFocus={() => setActive(b.index)} onBlur={() => setActive(null)}
            style={{ height: `${20 + (80 * (b.attentionParameters + b.ffnParameters)) / most}%`, background: KIND_COLORS[blockKind(b)], borderBottom: inRun(b.index) ? '3px solid var(--text)' : undefined, outline: active === b.index ? '2px solid var(--text)' : undefined }} />
        ))}
      </div>
      <div className="row muted" style={{ justifyContent: 'space-between', fontSize: 12 }}><span>0</span><span>{structure.blockCount - 1}</span></div>
      <div className="muted" role="status" style={{ minHeight: 21 }}>{shown ? describe(shown, inRun(shown.index)) : `FFN widths: ${widthSummary(structure.blocks)}. Bar height: parameters per block. Hover or focus a block for details.`}</div>
    </div>
  );
}
