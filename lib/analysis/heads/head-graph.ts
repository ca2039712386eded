import { encodeModel } from '../../onnx/encode-model.ts';
import type { AttributeProto, NodeProto, TensorProto, ValueInfoProto } from '../../onnx/onnx-types.ts';

/** Tiny helpers to write the measurement graphs (float32 tensors, opset 13). */
const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;
const ATTR_INTS = 7;

export function floatInput(name: string, dims: Array<string | number>): ValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

export function node(opType: string, input: string[], output: string, attrs: Record<string, number | number[]> = {}): NodeProto {
  const attribute: AttributeProto[] = Object.entries(attrs).map(([name, v]) =>
    Array.isArray(v) ? { name, type: ATTR_INTS, ints: v } : { name, type: ATTR_INT, i: v });
  return { opType, input, output: [output], name: output, attribute };
}

export function floatScalar(name: string, value: number): TensorProto {
  return { name, dataType: FLOAT, dims: [], floatData: [value] } as TensorProto;
}

/**
 * A keepdims = 0 reduction over one axis, written for the model's own default-domain opset: the
 * reduce ops take their axes as an input from opset 13 (ReduceSum) or 18 (the others), as an
 * attribute before. `axisInput` names an int64 [1] initializer holding the axis (see axisInitializer).
 */
export function reduceOverAxis(opType: string, input: string, axis: number, output: string, opset: number, axisInput: string): NodeProto {
  const keep: AttributeProto = { name: 'keepdims', type: ATTR_INT, i: 0 };
  return opset >= (opType === 'ReduceSum' ? 13 : 18)
    ? { name: output, opType, input: [input, axisInput], output: [output], attribute: [keep] }
    : { name: output, opType, input: [input], output: [output], attribute: [keep, { name: 'axes', type: ATTR_INTS, ints: [axis] }] };
}

/** The axis initializer reduceOverAxis reads, needed from opset 13. */
export function axisInitializer(name: string, axis: number, opset: number): TensorProto[] {
  return opset >= 13 ? [int64Vector(name, [axis])] : [];
}

export function int64Vector(name: string, values: number[]): TensorProto {
  return { name, dataType: INT64, dims: [values.length], int64Data: values } as TensorProto;
}

export function headModel(name: string, nodes: NodeProto[], inputs: ValueInfoProto[], outputs: ValueInfoProto[], initializer: TensorProto[]): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'fusionscope',
    graph: { name, node: nodes, input: inputs, output: outputs, initializer },
  });
}
