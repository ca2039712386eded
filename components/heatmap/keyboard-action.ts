import type { Cell } from './hit-test.ts';

export type KeyboardAction =
  | { kind: 'move'; cell: Cell }
  | { kind: 'zoom'; factor: number }
  | { kind: 'mark' };

const MOVES: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/** What a key does on the focused heatmap; factor 0 means reset the zoom. */
export function keyboardAction(key: string, cursor: Cell | null, blockCount: number): KeyboardAction | null {
  const move = MOVES[key];
  if (move) {
    const from = cursor ?? { i: 0, j: Math.min(1, blockCount - 1) };
    const clamp = (v: number) => Math.max(0, Math.min(blockCount - 1, v));
    return { kind: 'move', cell: cursor ? { i: clamp(from.i + move[0]), j: clamp(from.j + move[1]) } : from };
  }
  if (key === '+' || key === '=') return { kind: 'zoom', factor: 1.5 };
  if (key === '-') return { kind: 'zoom', factor: 1 / 1.5 };
  if (key === '0') return { kind: 'zoom', factor: 0 };
  if (key === 'Enter' || key === ' ') return { kind: 'mark' };
  return null;
}
