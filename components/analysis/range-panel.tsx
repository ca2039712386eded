'use client';

import { useState } from 'react';
import type { BlockShape } from '../heatmap/block-kinds.ts';
import { validateRanges, hasErrors, type BlockRange } from '../heatmap/range-validation.ts';
import { LaunchFusionButton } from './launch-fusion-button.tsx';
import { RangeIssues } from './range-issues.tsx';
import type { SuggestedRange } from './suggested-range.ts';

interface Props {
  modelId: string;
  analysisId: string;
  blocks: ReadonlyArray<BlockShape>;
  attentionFreeRuns: ReadonlyArray<BlockRange>;
  ranges: BlockRange[];
  onChange: (ranges: BlockRange[]) => void;
  suggestions: SuggestedRange[];
  /** Appendix-B full-block windows: shown for reference, not fusable as FFN ranges. */
  windows: SuggestedRange[];
}

const same = (x: BlockRange, y: BlockRange) => x[0] === y[0] && x[1] === y[1];

export function RangePanel({ modelId, analysisId, blocks, attentionFreeRuns, ranges, onChange, suggestions, windows }: Props) {
  const issues = validateRanges(ranges, blocks, attentionFreeRuns);
  const add = (r: BlockRange) => { if (!ranges.some((x) => same(x, r))) onChange([...ranges, r].sort((p, q) => p[0] - q[0])); };
  return (
    <div className="panel">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Fusion ranges</h2>
      <p className="muted" style={{ marginTop: 0 }}>Drag along the diagonal of the heatmap (or use Enter twice on the focused heatmap) to select [a, b].</p>
      {ranges.length === 0 ? <div className="muted" data-testid="range-list">No ranges selected.</div> : (
        <ul className="plain" data-testid="range-list" aria-label="selected ranges">
          {ranges.map((r, k) => (
            <li key={`${r[0]}-${r[1]}`}>
              <div className="row" style={{ justifyContent: 'space-between' }}>
                <span>[{r[0]}, {r[1]}] <span className="muted">{r[1] - r[0] + 1} blocks</span></span>
                <button className="secondary" onClick={() => onChange(ranges.filter((_, m) => m !== k))} aria-label={`remove range ${r[0]} to ${r[1]}`}>Remove</button>
              </div>
              <RangeIssues issues={issues[k]!} />
            </li>
          ))}
        </ul>
      )}
      <AddRangeForm blockCount={blocks.length} onAdd={add} />
      <SuggestionList suggestions={suggestions} selected={ranges} onAdd={add} />
      <BlockWindows windows={windows} />
      <LaunchFusionButton modelId={modelId} analysisId={analysisId} ranges={ranges} blocked={hasErrors(issues)} />
    </div>
  );
}

function AddRangeForm({ blockCount, onAdd }: { blockCount: number; onAdd: (r: BlockRange) => void }) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const valid = a !== '' && b !== '' && Number(a) < Number(b) && Number(b) < blockCount && Number(a) >= 0;
  return (
    <form className="row" style={{ margin: '12px 0' }} onSubmit={(e) => { e.preventDefault(); if (valid) { onAdd([Number(a), Number(b)]); setA(''); setB(''); } }}>
      <label>a <input type="number" min={0} max={blockCount - 1} value={a} onChange={(e) => setA(e.target.value)} style={{ width: 64 }} /></label>
      <label>b <input type="number" min={0} max={blockCount - 1} value={b} onChange={(e) => setB(e.target.value)} style={{ width: 64 }} /></label>
      <button type="submit" className="secondary" disabled={!valid}>Add range</button>
    </form>
  );
}

function SuggestionList({ suggestions, selected, onAdd }: { suggestions: SuggestedRange[]; selected: BlockRange[]; onAdd: (r: BlockRange) => void }) {
  return (
    <div data-testid="suggestions">
      <h3 style={{ fontSize: 14, margin: '12px 0 4px' }}>Suggested ranges</h3>
      {suggestions.length === 0 ? <div className="muted">No suggestions (yet): they appear once the matrix is complete.</div> : (
        <ul className="plain">
          {suggestions.map((s) => {
            const chosen = selected.some((r) => same(r, s.range));
            return (
              <li key={`${s.range[0]}-${s.range[1]}`}>
                <div className="row" style={{ justifyContent: 'space-between' }}>
                  <b>[{s.range[0]}, {s.range[1]}]</b>
                  <button className="secondary" data-testid="add-suggestion" disabled={chosen} onClick={() => onAdd(s.range)} aria-label={`add suggested range ${s.range[0]} to ${s.range[1]}`}>{chosen ? 'Added' : 'Add'}</button>
                </div>
                <div className="muted" style={{ fontSize: 12 }}>{s.reason}</div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function BlockWindows({ windows }: { windows: SuggestedRange[] }) {
  if (windows.length === 0) return null;
  return (
    <details style={{ marginTop: 8 }}>
      <summary className="muted">Full-block windows (appendix B, {windows.length})</summary>
      <ul className="plain" style={{ fontSize: 12 }}>
        {windows.map((w) => <li key={w.range[0]}><b>[{w.range[0]}, {w.range[1]}]</b> <span className="muted">{w.reason}</span></li>)}
      </ul>
    </details>
  );
}
