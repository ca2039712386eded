/** Space around the cells: block-kind strips and axes on the top and left, legend on the right. */
export interface HeatmapLayout {
  width: number;
  height: number;
  plot: { x: number; y: number; size: number };
  cell: number;
  strip: number;
  legend: { x: number; y: number; width: number; height: number };
}

const STRIP = 8;
const AXIS = 28;
const LEGEND_WIDTH = 14;
const LEGEND_SPACE = 88;

export function heatmapLayout(availableWidth: number, blockCount: number, maxHeight = 760): HeatmapLayout {
  const left = AXIS + STRIP + 4;
  const top = AXIS + STRIP + 4;
  const size = Math.max(120, Math.min(availableWidth - left - LEGEND_SPACE - 8, maxHeight - top - 8));
  return {
    width: left + size + LEGEND_SPACE,
    height: top + size + 8,
    plot: { x: left, y: top, size },
    cell: size / Math.max(1, blockCount),
    strip: STRIP,
    legend: { x: left + size + 16, y: top, width: LEGEND_WIDTH, height: size },
  };
}
