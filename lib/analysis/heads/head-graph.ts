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
