import { DataType, elemTypeName } from '../onnx/data-types.ts';
import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import type { GraphIndex } from '../onnx/graph-index.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import { describeFfnParts } from './describe-ffn-parts.ts';
import { emitWideFfn, type WideFfnGraph } from './emit-wide-ffn.ts';
import type { FusedRangeInfo } from './fused-range.ts';
import { formatRange, type FusionRange } from './fusion-range.ts';
import { describeWideFfn } from './wide-ffn-tensors.ts';

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
  /** The wide FFN's nodes and initializers; its weights are generated when the model is saved. */
  graph: WideFfnGraph;
}

/** `elemTypes`: element type of the graph's values (inferElemTypes), to refuse a stream the fused block cannot read. */
export function planRangeFusion(model: OnnxModel, index: GraphIndex, structure: DecoderStructure, range: FusionRange, opset: number, elemTypes: Map<string, number>): RangeFusionPlan {
  const [a, b] = range;
  const blocks = structure.blocks.slice(a, b + 1);
  const input = blocks[0].input;
  const streamType = elemTypes.get(input);
  if (streamType !== undefined && streamType !== DataType.FLOAT) {
    throw new Error(`cannot fuse ${formatRange(range)}: the stream entering block ${a} is ${elemTypeName(streamType)}; the fused FFN computes in float32, so half-precision weights are supported as initializers cast to float32, not graphs that compute in ${elemTypeName(streamType)}`);
  }
  const parts = blocks.map((block) => describeFfnParts(model, index, block, structure.hiddenSize));
  const wide = describeWideFfn(model, parts, structure.hiddenSize);
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
