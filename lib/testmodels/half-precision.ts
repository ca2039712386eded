import { cloneMessage } from '../onnx/clone-message.ts';
import { DataType } from '../onnx/data-types.ts';
import { bfloat16ArrayToFloat32, float16ArrayToFloat32, toBfloat16Array, toFloat16Array } from '../onnx/half-float.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { AttributeProto, GraphProto, NodeProto, TensorProto, ValueInfoProto } from '../onnx/onnx-types.ts';
import { AttributeType } from '../onnx/onnx-types.ts';
import { intAttribute } from '../onnx/constant-values.ts';
import { buildGraphIndex } from '../onnx/graph-index.ts';
import { inferElemTypes } from '../onnx/infer-elem-types.ts';
import { tensorDims, tensorToFloat32 } from '../onnx/tensor-data.ts';

export type HalfPrecisionType = 'float16' | 'bfloat16';

/**
 * How the half-precision model is laid out:
 * - 'cast': weights stored in the half type, each followed by a Cast to float32 (mixed-precision
 *   exports); the computation stays float32.
 * - 'half-graph': the graph computes in the half type, as `model.half()` then
 *   `torch.onnx.export` writes it (half initializers, constants, inputs and outputs; the parts HF
 *   computes in float32 stay float32 behind Casts).
 */
export type HalfPrecisionPattern = 'cast' | 'half-graph';

/**
 * A float32 test decoder (from `buildTestDecoder`) converted to fp16 or bf16 weights. Int64
 * values (shape constants, token ids, positions) are untouched. The input is not modified.
 *
 * 'cast' converts the float initializers of rank >= 1 (projection weights, biases, norm scales,
 * the embedding, rotary frequencies); float scalars stay float32, as exporters keep Python
 * constants. Initializer names stay those of the stored tensors; the Casts' outputs are new values.
 *
 * 'half-graph' stores every float initializer in the half type and computes in it, with float32
 * islands where HF casts to float32 (`x.float()`: RMSNorm's interior, the rotary tables, kept
 * between a Cast to float32 and a Cast back to the half type); float Constants take the type of
 * their readers; float graph inputs (past), outputs (logits, present) and value_info are declared
 * in the half type (see `halfGraph`). float16 values beyond its range saturate to +-65504 (the
 * causal mask's -1e9 stays finite: HF writes finfo(float16).min, not -inf).
 *
 * `roundedToHalfPrecision` gives the float32 model holding the same rounded values: the reference
 * both patterns must reproduce once promoted to float32.
 */
export function toHalfPrecision(model: OnnxModel, dtype: HalfPrecisionType, pattern: HalfPrecisionPattern): OnnxModel {
  const graph = requireGraph(model);
  const half = halfDataType(dtype);
  const converted = pattern === 'cast' ? castPatternGraph(model, graph, dtype) : halfGraph(model, graph, dtype, half);
  const proto = cloneMessage(model.proto);
  proto.graph = converted;
  return { proto, baseDir: model.baseDir, path: null };
}

/**
 * The float32 model whose float tensors hold the values `toHalfPrecision(model, dtype, pattern)`
 * stores, rounded to the half type and back: the tensors it stores in the half type (initializers
 * by name, Constant values by output) are rounded, everything else is the input as it is.
 */
export function roundedToHalfPrecision(model: OnnxModel, dtype: HalfPrecisionType, pattern: HalfPrecisionPattern): OnnxModel {
  const halfGraphProto = requireGraph(toHalfPrecision(model, dtype, pattern));
  const half = halfDataType(dtype);
  const storedHalf = new Set((halfGraphProto.initializer ?? []).filter((t) => t.dataType === half).map((t) => t.name));
  const halfConstants = new Set((halfGraphProto.node ?? []).filter((n) => constantValueType(n) === half).map((n) => n.output?.[0]));
  const round = (t: TensorProto) => floatTensor(t, roundThroughHalf(tensorToFloat32(model, t), dtype));
  const graph = cloneMessage(requireGraph(model));
  graph.initializer = (graph.initializer ?? []).map((t) => (storedHalf.has(t.name) ? round(t) : t));
  graph.node = (graph.node ?? []).map((n) => (halfConstants.has(n.output?.[0]) ? mapConstantValue(n, round) : n));
  const proto = cloneMessage(model.proto);
  proto.graph = graph;
  return { proto, baseDir: model.baseDir, path: null };
}

/** The TensorProto data type of a half type. */
export function halfDataType(dtype: HalfPrecisionType): number {
  return dtype === 'float16' ? DataType.FLOAT16 : DataType.BFLOAT16;
}

/** Values rounded to the half type (saturating float16 at its largest finite value) and widened back. */
export function roundThroughHalf(values: Float32Array, dtype: HalfPrecisionType): Float32Array {
  const bits = toHalfBits(values, dtype);
  return dtype === 'float16' ? float16ArrayToFloat32(bits) : bfloat16ArrayToFloat32(bits);
}

const FLOAT16_MAX = 65504;

function toHalfBits(values: Float32Array, dtype: HalfPrecisionType): Uint16Array {
  if (dtype === 'bfloat16') return toBfloat16Array(values);
  const saturated = values.map((v) => (Number.isFinite(v) ? Math.max(-FLOAT16_MAX, Math.min(FLOAT16_MAX, v)) : v));
  return toFloat16Array(saturated);
}

/** In the 'cast' pattern: the float parameters (rank >= 1); float scalars are exporters' constants. */
function isCastWeight(tensor: TensorProto): boolean {
  return tensor.dataType === DataType.FLOAT && tensorDims(tensor).length >= 1;
}

function castPatternGraph(model: OnnxModel, graph: GraphProto, dtype: HalfPrecisionType): GraphProto {
  const casts: NodeProto[] = [];
  const castOutput = new Map<string, string>();
  const initializers = (graph.initializer ?? []).map((tensor) => {
    if (!isCastWeight(tensor)) return tensor;
    const name = tensor.name ?? '';
    const output = `${name}_float32`;
    castOutput.set(name, output);
    casts.push({ name: `Cast_${name}`, opType: 'Cast', input: [name], output: [output], attribute: [castTo(DataType.FLOAT)] });
    return halfTensor(model, tensor, dtype);
  });
  const nodes = (graph.node ?? []).map((node) => {
    if (!(node.input ?? []).some((i) => castOutput.has(i))) return node;
    const copy = cloneMessage(node);
    copy.input = (node.input ?? []).map((i) => castOutput.get(i) ?? i);
    return copy;
  });
  const converted = cloneMessage(graph);
  converted.initializer = initializers;
  // Casts first: every consumer comes after its producer, as ONNX requires.
  converted.node = [...casts, ...nodes];
  return converted;
}

type Precision = 'half' | 'float32';

/**
 * The graph as `model.half()` exports it. Values are typed in graph order: a node computes in the
 * half type when one of its computed (non-constant) float inputs is half, in float32 when they are
 * all float32 (or in half when it has none), and its other float inputs are cast to match. A Cast
 * to float32 of a half or integer value stays (HF's `x.float()` in RMSNorm and rotary: those parts
 * compute in float32, which also keeps Cos/Sin, which have no bfloat16 type in the ONNX schema
 * before opset 22, in float32); a Cast to float32 of a float32 value is HF's `.to(input_dtype)` and
 * becomes a Cast to the half type. Initializers are stored in the half type (a float32 consumer
 * gets `.float()`, a Cast); a float Constant is converted unless only float32 nodes read it.
 */
function halfGraph(model: OnnxModel, graph: GraphProto, dtype: HalfPrecisionType, half: number): GraphProto {
  const index = buildGraphIndex(graph);
  const originalTypes = inferElemTypes(index);
  const isFloat = (value: string) => value !== '' && originalTypes.get(value) === DataType.FLOAT;
  const isConstantOutput = (value: string) => {
    const producer = index.producer.get(value);
    return producer !== undefined && isFloatConstantNode(producer);
  };
  const isFloatConstantNode = (node: NodeProto) => node.opType === 'Constant' && !node.domain && isFloat(node.output?.[0] ?? '');
  const precision = new Map<string, Precision>();
  for (const v of graph.input ?? []) if (isFloat(v.name ?? '')) precision.set(v.name ?? '', 'half');
  for (const t of graph.initializer ?? []) if (t.dataType === DataType.FLOAT) precision.set(t.name ?? '', 'half');
  const constantReaders = new Map<string, Precision[]>();
  const nodePrecision = new Map<NodeProto, Precision>();
  for (const node of index.nodes) {
    if (isFloatConstantNode(node)) continue;
    const computed = (node.input ?? []).filter((i) => isFloat(i) && !index.initializers.has(i) && !isConstantOutput(i));
    const anyHalf = computed.some((i) => precision.get(i) === 'half');
    const anyFloat32 = computed.some((i) => precision.get(i) === 'float32');
    const own: Precision = isCastToFloat(node)
      ? (precision.get(node.input?.[0] ?? '') === 'float32' ? 'half' : 'float32')
      : (anyHalf || !anyFloat32 ? 'half' : 'float32');
    nodePrecision.set(node, own);
    for (const o of node.output ?? []) if (isFloat(o)) precision.set(o, own);
    if (keepsInputTypes(node)) continue;
    for (const i of node.input ?? []) if (isConstantOutput(i)) constantReaders.set(i, [...(constantReaders.get(i) ?? []), own]);
  }
  // A float Constant read only by float32 nodes stays float32; else it is stored in the half type.
  for (const [value, readers] of constantReaders) precision.set(value, readers.every((r) => r === 'float32') ? 'float32' : 'half');

  const nodes: NodeProto[] = [];
  const inserted = new Map<string, string>();
  const castFor = (value: string, target: Precision): string => {
    const key = `${target}:${value}`;
    let output = inserted.get(key);
    if (!output) {
      output = `${value}_${target === 'half' ? dtype : 'float32'}`;
      inserted.set(key, output);
      nodes.push({ name: `Cast_${output}`, opType: 'Cast', input: [value], output: [output], attribute: [castTo(target === 'half' ? half : DataType.FLOAT)] });
    }
    return output;
  };
  for (const node of index.nodes) {
    if (isFloatConstantNode(node)) {
      nodes.push(precision.get(node.output?.[0] ?? '') === 'half' ? mapConstantValue(node, (t) => halfTensor(model, t, dtype)) : node);
      continue;
    }
    if ((node.attribute ?? []).some((a) => a.name === 'dtype')) {
      throw new Error(`toHalfPrecision: node "${node.name}" (${node.opType}) has a dtype attribute, which this converter does not handle`);
    }
    const own = nodePrecision.get(node)!;
    const inputs = (node.input ?? []).map((i) => (!keepsInputTypes(node) && isFloat(i) && precision.get(i) !== own ? castFor(i, own) : i));
    let converted = own === 'half' ? mapConstantValue(node, (t) => halfTensor(model, t, dtype)) : node;
    if (isCastToFloat(node) && own === 'half') converted = withAttributes(node, (node.attribute ?? []).map((a) => (a.name === 'to' ? castTo(half) : a)));
    if (inputs.some((v, k) => v !== node.input?.[k])) {
      if (converted === node) converted = cloneMessage(node);
      converted.input = inputs;
    }
    nodes.push(converted);
  }
  const typed = (v: ValueInfoProto) => {
    const p = precision.get(v.name ?? '');
    return p && isFloat(v.name ?? '') ? withElemType(v, p === 'half' ? half : DataType.FLOAT) : v;
  };
  const converted = cloneMessage(graph);
  converted.initializer = (graph.initializer ?? []).map((t) => (t.dataType === DataType.FLOAT ? halfTensor(model, t, dtype) : t));
  converted.node = nodes;
  converted.input = (graph.input ?? []).map(typed);
  converted.output = (graph.output ?? []).map(typed);
  converted.valueInfo = (graph.valueInfo ?? []).map(typed);
  return converted;
}

/** Casts to float32 take any input type, and Shape/Size read only the shape. */
function keepsInputTypes(node: NodeProto): boolean {
  return isCastToFloat(node) || node.opType === 'Shape' || node.opType === 'Size';
}

function isCastToFloat(node: NodeProto): boolean {
  return node.opType === 'Cast' && !node.domain && intAttribute(node, 'to', 0) === DataType.FLOAT;
}

/** A Constant or ConstantOfShape node whose float value is replaced by `convert(value)`; other nodes as they are. */
function mapConstantValue(node: NodeProto, convert: (tensor: TensorProto) => TensorProto): NodeProto {
  if ((node.opType !== 'Constant' && node.opType !== 'ConstantOfShape') || node.domain) return node;
  const attributes = node.attribute ?? [];
  const float = attributes.find((a) => isFloatValueAttribute(a));
  if (!float) {
    // ConstantOfShape without a value fills float32 zeros: give it an explicit value to convert.
    if (node.opType !== 'ConstantOfShape' || attributes.some((a) => a.name === 'value')) return node;
    return withAttributes(node, [tensorAttribute('value', convert(floatTensor({ dims: [1] }, new Float32Array(1))))]);
  }
  const tensor: TensorProto = float.t ?? {
    dims: float.name === 'value_floats' ? [float.floats?.length ?? 0] : [],
    dataType: DataType.FLOAT,
    floatData: float.floats ?? [float.f ?? 0],
  };
  return withAttributes(node, attributes.map((a) => (a === float ? tensorAttribute('value', convert(tensor)) : a)));
}

/** The element type of a Constant or ConstantOfShape node's value, undefined for other nodes. */
function constantValueType(node: NodeProto): number | undefined {
  if ((node.opType !== 'Constant' && node.opType !== 'ConstantOfShape') || node.domain) return undefined;
  const value = (node.attribute ?? []).find((a) => a.name === 'value' || a.name === 'value_float' || a.name === 'value_floats');
  if (!value) return node.opType === 'ConstantOfShape' ? DataType.FLOAT : undefined;
  return value.name === 'value' ? value.t?.dataType : DataType.FLOAT;
}

function isFloatValueAttribute(a: AttributeProto): boolean {
  if (a.name === 'value') return a.t?.dataType === DataType.FLOAT;
  return a.name === 'value_float' || a.name === 'value_floats';
}

function withAttributes(node: NodeProto, attribute: AttributeProto[]): NodeProto {
  const copy = cloneMessage(node);
  copy.attribute = attribute;
  return copy;
}

function halfTensor(model: OnnxModel, tensor: TensorProto, dtype: HalfPrecisionType): TensorProto {
  const bits = toHalfBits(tensorToFloat32(model, tensor), dtype);
  return {
    name: tensor.name,
    dims: tensorDims(tensor),
    dataType: halfDataType(dtype),
    rawData: new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength),
  };
}

function floatTensor(like: TensorProto, values: Float32Array): TensorProto {
  const copy = Float32Array.from(values);
  const tensor: TensorProto = { dims: tensorDims(like), dataType: DataType.FLOAT, rawData: new Uint8Array(copy.buffer) };
  if (like.name !== undefined) tensor.name = like.name;
  return tensor;
}

function withElemType(value: ValueInfoProto, elemType: number): ValueInfoProto {
  const tensorType = value.type?.tensorType;
  if (!tensorType || tensorType.elemType === elemType) return value;
  return { ...value, type: { ...value.type, tensorType: { ...tensorType, elemType } } };
}

function castTo(to: number): AttributeProto {
  return { name: 'to', type: AttributeType.INT, i: to };
}

function tensorAttribute(name: string, t: TensorProto): AttributeProto {
  return { name, type: AttributeType.TENSOR, t };
}

function requireGraph(model: OnnxModel): GraphProto {
  const graph = model.proto.graph;
  if (!graph) throw new Error('toHalfPrecision: the model has no graph');
  return graph;
}
