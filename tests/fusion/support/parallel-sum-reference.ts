import { cloneMessage } from '../../../lib/onnx/clone-message.ts';
import type { DecoderStructure } from '../../../lib/onnx/decoder-structure.ts';
import type { OnnxModel } from '../../../lib/onnx/onnx-model.ts';
import type { FusionRange } from '../../../lib/fusion/fusion-range.ts';

/**
 * The parallel sum evaluated with the original, unfused FFN branches: every branch of blocks
 * a+1..b reads the stream entering block a instead of its own input, while the residual Adds
 * keep chaining, so X_{b+1} = X_a + sum_k FFN_k(norm_k(X_a)). No fused weight is involved.
 * TorchScript exports let the residual Add read the stream through the norm's float Cast: such
 * an Add is pointed back at the stream value itself (a float32 model's Cast to float is the identity).
 */
export function parallelSumReference(model: OnnxModel, structure: DecoderStructure, ranges: FusionRange[]): OnnxModel {
  const rewire = new Map<string, { from: string; to: string }>();
  const residualAdds = new Map<string, string>();
  for (const [a, b] of ranges) {
    const entering = structure.blocks[a].input;
    for (const block of structure.blocks.slice(a + 1, b + 1)) {
      for (const name of block.ffn!.nodes) rewire.set(name, { from: block.input, to: entering });
      residualAdds.set(block.ffn!.addNode, block.input);
    }
  }
  const passThrough = new Map<string, string>();
  for (const node of model.proto.graph!.node ?? []) {
    if (rewire.has(node.name ?? '') && ['Cast', 'Identity'].includes(node.opType ?? '')) passThrough.set(node.output![0], node.input![0]);
  }
  const proto = cloneMessage(model.proto);
  proto.graph = cloneMessage(model.proto.graph!);
  proto.graph.node = (model.proto.graph!.node ?? []).map((node) => {
    const stream = residualAdds.get(node.name ?? '');
    if (stream !== undefined) {
      const copy = cloneMessage(node);
      copy.input = (node.input ?? []).map((i) => (passThrough.get(i) === stream ? stream : i));
      return copy;
    }
    const change = rewire.get(node.name ?? '');
    if (!change || !(node.input ?? []).includes(change.from)) return node;
    const copy = cloneMessage(node);
    copy.input = (node.input ?? []).map((i) => (i === change.from ? change.to : i));
    return copy;
  });
  return { proto, baseDir: model.baseDir, path: null };
}
