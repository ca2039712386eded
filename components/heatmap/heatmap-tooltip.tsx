import { blockKind, KIND_LABELS, type BlockShape } from './block-kinds.ts';
import { formatValue } from './format-value.ts';
import type { Cell } from './hit-test.ts';

export function HeatmapTooltip({ cell, value, blocks, left, top }: { cell: Cell; value: number | null | undefined; blocks: ReadonlyArray<BlockShape>; left: number; top: number }) {
  const defined = cell.j > cell.i;
  return (
    <div className="heatmap-tooltip" role="status" data-testid="heatmap-tooltip" style={{ left, top }}>
      <div>drop <b>{cell.i}</b> ({KIND_LABELS[blockKind(blocks[cell.i])]}) → measure <b>{cell.j}</b> ({KIND_LABELS[blockKind(blocks[cell.j])]})</div>
      <div>{defined ? <>M[{cell.i}][{cell.j}] = <b>{value === null || value === undefined ? 'pending' : formatValue(value, 4)}</b></> : <span className="muted">undefined (j ≤ i)</span>}</div>
    </div>
  );
}
