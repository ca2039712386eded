import { describe, expect, it } from 'vitest';
import { visibleTicks } from '../../components/heatmap/axis-ticks.ts';
import { heatmapLayout } from '../../components/heatmap/heatmap-layout.ts';
import { cellAt, diagonalBlockAt, rangeBox } from '../../components/heatmap/hit-test.ts';
import { keyboardAction } from '../../components/heatmap/keyboard-action.ts';
import { clampTransform, IDENTITY, zoomAround } from '../../components/heatmap/view-transform.ts';

describe('heatmap layout, hit-testing and zoom', () => {
  it('fits a square plot with room for strips, axes and legend', () => {
    const layout = heatmapLayout(900, 128, 760);
    expect(layout.plot.size).toBeLessThanOrEqual(760 - layout.plot.y);
    expect(layout.cell).toBeCloseTo(layout.plot.size / 128, 10);
    expect(layout.width).toBeLessThanOrEqual(900);
    expect(layout.legend.x).toBeGreaterThan(layout.plot.x + layout.plot.size);
  });

  it('finds the cell under a point: rows are dropped blocks, columns measured blocks', () => {
    expect(cellAt(25, 5, IDENTITY, 10, 8)).toEqual({ i: 0, j: 2 });
    expect(cellAt(79.9, 79.9, IDENTITY, 10, 8)).toEqual({ i: 7, j: 7 });
    expect(cellAt(80, 5, IDENTITY, 10, 8)).toBeNull();
    expect(cellAt(-1, 5, IDENTITY, 10, 8)).toBeNull();
  });

  it('accounts for zoom and pan', () => {
    const t = { k: 2, x: -40, y: -20 };
    expect(cellAt(0, 0, t, 10, 8)).toEqual({ i: 1, j: 2 });
    expect(cellAt(25, 25, t, 10, 8)).toEqual({ i: 2, j: 3 });
  });

  it('projects a drag onto the diagonal and draws ranges as diagonal boxes', () => {
    expect(diagonalBlockAt(35, 35, IDENTITY, 10, 8)).toBe(3);
    expect(diagonalBlockAt(50, 20, IDENTITY, 10, 8)).toBe(3);
    expect(diagonalBlockAt(500, 500, IDENTITY, 10, 8)).toBe(7);
    expect(diagonalBlockAt(-50, -50, IDENTITY, 10, 8)).toBe(0);
    expect(rangeBox(2, 4, { k: 2, x: -10, y: -10 }, 10)).toEqual({ x: 30, y: 30, size: 60 });
  });

  it('zooms around a point, keeps it still, and never leaves the plot uncovered', () => {
    const t = zoomAround(IDENTITY, 2, 50, 50, 100);
    expect(t).toEqual({ k: 2, x: -50, y: -50 });
    expect(zoomAround(t, 0.1, 50, 50, 100)).toEqual(IDENTITY);
    expect(clampTransform({ k: 2, x: 30, y: -500 }, 100)).toEqual({ k: 2, x: 0, y: -100 });
  });

  it('labels fewer blocks when zoomed out and only those in view when zoomed in', () => {
    const all = visibleTicks(128, 5, IDENTITY, 'x', 640);
    expect(all.map((t) => t.index).slice(0, 3)).toEqual([0, 8, 16]);
    const zoomed = visibleTicks(128, 5, { k: 8, x: -1600, y: 0 }, 'x', 640);
    expect(zoomed[0]!.index).toBeGreaterThanOrEqual(39);
    expect(zoomed.every((t) => t.at >= -40 && t.at <= 680)).toBe(true);
  });

  it('maps keys to cursor moves, zoom and range marks', () => {
    expect(keyboardAction('ArrowRight', { i: 1, j: 2 }, 8)).toEqual({ kind: 'move', cell: { i: 1, j: 3 } });
    expect(keyboardAction('ArrowDown', { i: 7, j: 2 }, 8)).toEqual({ kind: 'move', cell: { i: 7, j: 2 } });
    expect(keyboardAction('ArrowDown', null, 8)).toEqual({ kind: 'move', cell: { i: 0, j: 1 } });
    expect(keyboardAction('+', null, 8)).toEqual({ kind: 'zoom', factor: 1.5 });
    expect(keyboardAction('0', null, 8)).toEqual({ kind: 'zoom', factor: 0 });
    expect(keyboardAction('Enter', null, 8)).toEqual({ kind: 'mark' });
    expect(keyboardAction('x', null, 8)).toBeNull();
  });
});
