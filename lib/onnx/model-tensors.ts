import type { GraphProto, ModelProto, TensorProto } from './onnx-types.ts';

/** All tensors stored in a model: initializers and tensor attributes, in all (sub)graphs. */
export function modelTensors(model: ModelProto): TensorProto[] {
  const out: TensorProto[] = [];
  if (model.graph) collectGraphTensors(model.graph, out);
  for (const fn of model.functions ?? []) {
    for (const node of fn.node ?? []) collectAttributeTensors(node.attribute ?? [], out);
  }
  return out;
}

function collectGraphTensors(graph: GraphProto, out: TensorProto[]): void {
  out.push(...(graph.initializer ?? []));
  for (const node of graph.node ?? []) collectAttributeTensors(node.attribute ?? [], out);
}

function collectAttributeTensors(attributes: NonNullable<import('./onnx-types.ts').NodeProto['attribute']>, out: TensorProto[]): void {
  for (const attribute of attributes) {
    if (attribute.t) out.push(attribute.t);
    out.push(...(attribute.tensors ?? []));
    if (attribute.g) collectGraphTensors(attribute.g, out);
    for (const g of attribute.graphs ?? []) collectGraphTensors(g, out);
  }
}
