import { cloneMessage } from '../onnx/clone-message.ts';
import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import { defaultOpset } from '../onnx/default-opset.ts';
import { buildGraphIndex, type GraphIndex } from '../onnx/graph-index.ts';
import { inferElemTypes } from '../onnx/infer-elem-types.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { GraphProto, NodeProto } from '../onnx/onnx-types.ts';
import type { GeneratedTensors, TensorByteSource } from '../onnx/tensor-byte-source.ts';
import type { FusedRangeInfo } from './fused-range.ts';
import type { FusionRange } from './fusion-range.ts';
import { keptConstantNodes } from './kept-constant-nodes.ts';
import { planRangeFusion, type RangeFusionPlan } from './plan-range-fusion.ts';
import { validateFusionRanges } from './validate-fusion-ranges.ts';

/** The fused model before its wide weights exist. */
export interface FusedModelPlan {
  /**
   * The fused graph. Untouched weights still read from the source (its external data, if any); the
   * wide FFNs' initializers listed in `generated` hold no data: saveOnnxModel(model, path,
   * { generated }) writes them piece by piece, materialiseGeneratedTensors computes them in memory.
   */
  model: OnnxModel;
  generated: GeneratedTensors;
  ranges: FusedRangeInfo[];
  /** Allowed but costly choices (a range including the last FFN of an attention-free run). */
  warnings: string[];
}

/**
 * Replaces each range [a, b] of FFN-only blocks by one wide FFN computed from the stream entering
 * block a (DESIGN.md section 1, Theorem 3.1 with the norm scales folded). Everything outside the
 * ranges is left as it was: same nodes, same values, same initializers. Reads only the ranges'
 * biases and norm scales; the input model is not modified.
 */
export function planFusedModel(model: OnnxModel, structure: DecoderStructure, ranges: FusionRange[]): FusedModelPlan {
  const blocks = structure.blocks.map((b) => ({ index: b.index, attention: b.attention !== null, ffn: b.ffn !== null }));
  const { ranges: sorted, warnings } = validateFusionRanges(blocks, ranges);
  const graph = model.proto.graph;
  if (!graph) throw new Error('the model has no graph');
  const index = buildGraphIndex(graph);
  const opset = defaultOpset(model.proto);
  const elemTypes = inferElemTypes(index);
  const plans = sorted.map((range) => planRangeFusion(model, index, structure, range, opset, elemTypes));
  const proto = cloneMessage(model.proto);
  proto.graph = fusedGraph(graph, index, plans);
  const generated = new Map<string, TensorByteSource>(plans.flatMap((p) => [...p.graph.generated]));
  return { model: { proto, baseDir: model.baseDir, path: null }, generated, ranges: plans.map((p) => p.info), warnings };
}

function fusedGraph(graph: GraphProto, index: GraphIndex, plans: RangeFusionPlan[]): GraphProto {
  const removed = new Set(plans.flatMap((p) => [...p.removedNodes]));
  for (const name of keptConstantNodes(index, removed)) removed.delete(name);
  checkNothingOutsideReadsTheRange(index, removed, plans);
  const byLastAdd = new Map(plans.map((p) => [p.lastAdd, p]));
  const nodes: NodeProto[] = [];
  for (const node of index.nodes) {
    const plan = byLastAdd.get(node.name ?? '');
    if (plan) nodes.push(...plan.graph.nodes);
    if (!removed.has(node.name ?? '')) nodes.push(node);
  }
  const used = valuesRead(nodes, graph);
  const candidates = new Set(plans.flatMap((p) => [...p.branchInitializers]));
  const dropped = new Set([...candidates].filter((name) => !used.has(name)));
  const vanished = new Set(index.nodes.filter((n) => removed.has(n.name ?? '')).flatMap((n) => n.output ?? []));
  for (const p of plans) vanished.delete(p.info.output);
  const fused = cloneMessage(graph);
  fused.node = nodes;
  fused.initializer = [...(graph.initializer ?? []).filter((t) => !dropped.has(t.name ?? '')), ...plans.flatMap((p) => p.graph.initializers)];
  fused.input = (graph.input ?? []).filter((v) => !dropped.has(v.name ?? ''));
  fused.valueInfo = (graph.valueInfo ?? []).filter((v) => !vanished.has(v.name ?? ''));
  return fused;
}

/** A value computed inside a range that something outside reads would lose its producer. */
function checkNothingOutsideReadsTheRange(index: GraphIndex, removed: Set<string>, plans: RangeFusionPlan[]): void {
  const reproduced = new Set(plans.map((p) => p.info.output));
  for (const node of index.nodes) {
    if (!removed.has(node.name ?? '')) continue;
    for (const value of node.output ?? []) {
      if (reproduced.has(value)) continue;
      const outside = (index.consumers.get(value) ?? []).find((c) => !removed.has(c.name ?? ''));
      if (outside || index.graphOutputs.has(value)) {
        const range = plans.find((p) => p.removedNodes.has(node.name ?? ''))!.info.range;
        const reader = outside ? `node "${outside.name}" outside the range` : 'a graph output';
        throw new Error(`cannot fuse [${range[0]}, ${range[1]}]: value "${value}" computed inside it is also read by ${reader}`);
      }
    }
  }
}

/** Every value name read by the nodes (subgraphs included) or exposed as a graph output. */
function valuesRead(nodes: NodeProto[], graph: GraphProto): Set<string> {
  const used = new Set((graph.output ?? []).map((v) => v.name ?? ''));
  const visit = (list: NodeProto[]) => {
    for (const node of list) {
      for (const input of node.input ?? []) used.add(input);
      for (const attribute of node.attribute ?? []) {
        if (attribute.g) visit(attribute.g.node ?? []);
        for (const g of attribute.graphs ?? []) visit(g.node ?? []);
      }
    }
  };
  visit(nodes);
  return used;
}
