import { cloneMessage } from '../onnx/clone-message.ts';
import { DataType } from '../onnx/data-types.ts';
import { AttributeType, type AttributeProto, type NodeProto, type TensorProto } from '../onnx/onnx-types.ts';
import type { TensorByteSource } from '../onnx/tensor-byte-source.ts';
import type { GeneratedTensor } from './generated-tensor.ts';

/** Collects the nodes and initializers of one fused FFN, every name under one prefix. */
export class NodeEmitter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  /** Sources of the initializers declared by `generated`, which hold no data themselves. */
  readonly generatedSources = new Map<string, TensorByteSource>();
  private counter = 0;

  constructor(private readonly prefix: string) {}

  op(opType: string, inputs: string[], attributes: AttributeProto[] = [], output?: string): string {
    const id = this.counter++;
    const name = `${this.prefix}/${opType}_${id}`;
    const out = output ?? `${this.prefix}/${opType}_${id}_output_0`;
    this.nodes.push({ name, opType, input: inputs, output: [out], attribute: attributes });
    return out;
  }

  /** A copy of `node` reading `input`, keeping its domain and attributes. */
  copyOf(node: NodeProto, input: string): string {
    const id = this.counter++;
    const out = `${this.prefix}/${node.opType}_${id}_output_0`;
    const copy = cloneMessage(node);
    Object.assign(copy, { name: `${this.prefix}/${node.opType}_${id}`, input: [input], output: [out] });
    this.nodes.push(copy);
    return out;
  }

  floats(name: string, dims: number[], values: Float32Array): string {
    const full = this.initializerName(name);
    this.initializers.push({ name: full, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) });
    return full;
  }

  /** An initializer whose bytes the saver takes from the tensor's source, piece by piece. */
  generated(name: string, tensor: GeneratedTensor): string {
    const full = this.initializerName(name);
    this.initializers.push({ name: full, dims: tensor.dims, dataType: tensor.dataType });
    this.generatedSources.set(full, tensor.source);
    return full;
  }

  scalar(name: string, value: number): string {
    return this.floats(name, [], Float32Array.of(value));
  }

  ints(name: string, values: number[]): string {
    const full = this.initializerName(name);
    const data = BigInt64Array.from(values, BigInt);
    this.initializers.push({ name: full, dims: [values.length], dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) });
    return full;
  }

  /** "/fused/blocks.2-4" + "up_proj.weight" -> "fused.blocks.2-4.up_proj.weight". */
  private initializerName(name: string): string {
    return `${this.prefix.replace(/^\//, '').replace(/\//g, '.')}.${name}`;
  }
}

export function intAttr(name: string, value: number): AttributeProto {
  return { name, type: AttributeType.INT, i: value };
}

export function intsAttr(name: string, values: number[]): AttributeProto {
  return { name, type: AttributeType.INTS, ints: values };
}
