import { AttributeType, type AttributeProto, type NodeProto, type TensorProto } from '../onnx/onnx-types.ts';
import { DataType } from '../onnx/data-types.ts';
import { inlineInitializers, type InitializerStore } from './initializer-store.ts';
import { encodeFloats, type GraphPrecision } from './weight-precision.ts';
import type { WeightValues } from './weight-values.ts';

export type NamingStyle = 'torchscript' | 'dynamo';
export type AttributeValue = number | number[] | string | { float: number };

/**
 * Collects nodes and initializers with names in the style of one PyTorch exporter:
 * TorchScript (`/model/layers.3/mlp/down_proj/MatMul`, values `<node>_output_0`, Constant nodes)
 * or dynamo (`node_MatMul_17`, values `val_17`, constants as anonymous initializers).
 * `store` decides where weight values live (inline, or in external data written later);
 * `precision` gives the weights' and the computation's element types.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;
  private readonly scopeCounts = new Map<string, number>();
  scope = '';

  constructor(
    readonly style: NamingStyle,
    readonly store: InitializerStore = inlineInitializers,
    readonly precision: GraphPrecision = { weightType: DataType.FLOAT, computeType: DataType.FLOAT },
  ) {}

  /** The element type activations and float constants have. */
  get computeType(): number {
    return this.precision.computeType;
  }

  /** Adds a node; returns its output value names. */
  node(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, outputCount = 1, outputNames?: string[]): string[] {
    const name = this.nodeName(opType);
    const outputs = outputNames ?? Array.from({ length: outputCount }, (_, i) => this.valueName(name, i));
    this.nodes.push({ name, opType, input: inputs, output: outputs, attribute: Object.entries(attributes).map(([k, v]) => toAttribute(k, v)) });
    return outputs;
  }

  op(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}): string {
    return this.node(opType, inputs, attributes)[0];
  }

  /**
   * A named (or, with null, anonymous) weight initializer stored in the weight type; returns the
   * value its consumers read: the initializer itself, or a Cast of it to the compute type when
   * half-precision weights feed a float32 graph.
   */
  floatInitializer(name: string | null, dims: number[], values: WeightValues): string {
    const tensorName = name ?? `val_${this.counter++}`;
    const { weightType, computeType } = this.precision;
    this.initializers.push(this.store.add(tensorName, dims, weightType, values));
    return weightType === computeType ? tensorName : this.op('Cast', [tensorName], { to: computeType });
  }

  /** A small constant (float types or int64): a Constant node (TorchScript) or an anonymous initializer (dynamo). */
  constant(values: number[], dims: number[], dataType: number = DataType.INT64): string {
    const float = dataType === DataType.FLOAT || dataType === DataType.FLOAT16 || dataType === DataType.BFLOAT16;
    const raw = float ? encodeFloats(Float32Array.from(values), dataType) : new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
    const tensor: TensorProto = { dims, dataType, rawData: raw };
    if (this.style === 'dynamo') {
      tensor.name = `val_${this.counter++}`;
      this.initializers.push(tensor);
      return tensor.name;
    }
    const name = this.nodeName('Constant');
    const output = this.valueName(name, 0);
    this.nodes.push({ name, opType: 'Constant', input: [], output: [output], attribute: [{ name: 'value', type: AttributeType.TENSOR, t: tensor }] });
    return output;
  }

  /** A scalar constant in the compute type. */
  floatScalar(value: number): string {
    return this.constant([value], [], this.computeType);
  }

  ints(values: number[]): string {
    return this.constant(values, [values.length]);
  }

  private nodeName(opType: string): string {
    if (this.style === 'dynamo') return `node_${opType}_${this.counter++}`;
    const base = `${this.scope}/${opType}`;
    const seen = this.scopeCounts.get(base) ?? 0;
    this.scopeCounts.set(base, seen + 1);
    return seen === 0 ? base : `${base}_${seen}`;
  }

  private valueName(nodeName: string, index: number): string {
    return this.style === 'dynamo' ? `val_${this.counter++}` : `${nodeName}_output_${index}`;
  }
}

function toAttribute(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (typeof value === 'object') return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INT, i: value };
}
