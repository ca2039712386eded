import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import type { GraphIndex } from '../onnx/graph-index.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import { emitWideFfn, type WideFfnGraph } from './emit-wide-ffn.ts';
import type { FusedRangeInfo } from './fused-range.ts';
import type { FusionRange } from './fusion-range.ts';
import { readFfnParts } from './read-ffn-parts.ts';
import { buildWideFfn } from './wide-ffn.ts';

/** Everything the graph edit needs for one range, computed from the unmodified model. */
export interface RangeFusionPlan {
  info: FusedRangeInfo;
  /** Nodes of the range's FFN branches and residual Adds. */
  removedNodes: Set<string>;
  /** The residual Add of block b: the fused nodes take its place in the node order. */
  lastAdd: string;
  /** Stream values between the range's blocks, which disappear. */
  innerStreams: string[];
  /** Initializers the removed branches read. */
  branchInitializers: Set<string>;
  graph: WideFfnGraph;
}

export function planRangeFusion(model: OnnxModel, index: GraphIndex, structure: DecoderStructure, range: FusionRange, opset: number): RangeFusionPlan {
  const [a, b] = range;
  const blocks = structure.blocks.slice(a, b + 1);
  const parts = blocks.map((block) => readFfnParts(model, index, block, structure.hiddenSize));
  const wide = buildWideFfn(parts, structure.hiddenSize);
  const input = blocks[0].input;
  const output = blocks[blocks.length - 1].output;
  const sublayers = blocks.map((block) => block.ffn!);
  return {
    info: { range, width: wide.width, input, output },
    removedNodes: new Set(sublayers.flatMap((s) => [...s.nodes, s.addNode])),
    lastAdd: sublayers[sublayers.length - 1].addNode,
    innerStreams: blocks.slice(0, -1).map((block) => block.output),
    branchInitializers: new Set(sublayers.flatMap((s) => s.initializers ?? [])),
    graph: emitWideFfn(wide, input, output, `/fused/blocks.${a}-${b}`, opset),
  };
}
