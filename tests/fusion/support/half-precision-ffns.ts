import { cloneMessage } from '../../../lib/onnx/clone-message.ts';
import { DataType } from '../../../lib/onnx/data-types.ts';
import type { DecoderStructure } from '../../../lib/onnx/decoder-structure.ts';
import { toBfloat16Array, toFloat16Array } from '../../../lib/onnx/half-float.ts';
import type { OnnxModel } from '../../../lib/onnx/onnx-model.ts';
import { AttributeType, type NodeProto, type TensorProto } from '../../../lib/onnx/onnx-types.ts';
import { tensorToFloat32 } from '../../../lib/onnx/tensor-data.ts';

/**
 * The model with the FFN weights, biases and norm scales of `blocks` stored as float16 or bfloat16
 * initializers, each read through a Cast to float32, as PyTorch and Optimum export half-precision
 * weights; and the structure found on the float32 model with those Casts added to the branches.
 * (The structure finders do not yet see through such Casts themselves.) Inline models only.
 */
export function withHalfPrecisionFfns(model: OnnxModel, structure: DecoderStructure, blocks: number[], dataType: number): { model: OnnxModel; structure: DecoderStructure } {
  const graph = model.proto.graph!;
  const owner = new Map<string, number>();
  for (const index of blocks) {
    const ffn = structure.blocks[index].ffn!.ffn!;
    for (const name of [ffn.gate?.initializer, ffn.up.initializer, ffn.down.initializer, ffn.gateBias, ffn.upBias, ffn.downBias, ffn.normScale]) {
      if (name) owner.set(name, index);
    }
  }
  const round = dataType === DataType.FLOAT16 ? toFloat16Array : toBfloat16Array;
  const casts: NodeProto[] = [];
  const initializer = (graph.initializer ?? []).map((tensor): TensorProto => {
    const name = tensor.name ?? '';
    if (!owner.has(name)) return tensor;
    const halves = round(tensorToFloat32(model, tensor));
    casts.push({ name: `/half/${name}/Cast`, opType: 'Cast', input: [name], output: [`${name}::float`], attribute: [{ name: 'to', type: AttributeType.INT, i: DataType.FLOAT }] });
    return { name, dims: tensor.dims, dataType, rawData: new Uint8Array(halves.buffer) };
  });
  const readsFloat = (node: NodeProto): NodeProto => {
    if (!(node.input ?? []).some((i) => owner.has(i))) return node;
    const copy = cloneMessage(node);
    copy.input = (node.input ?? []).map((i) => (owner.has(i) ? `${i}::float` : i));
    return copy;
  };
  const proto = cloneMessage(model.proto);
  proto.graph = cloneMessage(graph);
  proto.graph.initializer = initializer;
  proto.graph.node = [...casts, ...(graph.node ?? []).map(readsFloat)];
  const halfStructure: DecoderStructure = {
    ...structure,
    blocks: structure.blocks.map((block) => {
      const mine = casts.filter((c) => owner.get(c.input![0]) === block.index).map((c) => c.name!);
      return mine.length ? { ...block, ffn: { ...block.ffn!, nodes: [...block.ffn!.nodes, ...mine] } } : block;
    }),
  };
  return { model: { proto, baseDir: model.baseDir, path: null }, structure: halfStructure };
}
