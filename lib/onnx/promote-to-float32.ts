import { cloneMessage } from './clone-message.ts';
import { DataType } from './data-types.ts';
import type { ModelInputSpec } from './decoder-structure.ts';
import { isExternalTensor } from './external-data.ts';
import { int64ToNumber } from './int64.ts';
import type { AttributeProto, FunctionProto, GraphProto, ModelProto, NodeProto, TensorProto, TypeProto, ValueInfoProto } from './onnx-types.ts';
import { AttributeType } from './onnx-types.ts';
import { tensorDims, tensorToFloat32 } from './tensor-data.ts';

const HALF_TYPES = new Set<number>([DataType.FLOAT16, DataType.BFLOAT16]);

/** Integer attributes that name an element type: Cast's `to`, `dtype` (EyeLike, Random*), `output_dtype`. */
const TYPE_ATTRIBUTES = new Set(['to', 'dtype', 'output_dtype']);

/** Suffix of the value a half-precision initializer is cast to. */
const FLOAT32_SUFFIX = '::float32';

/**
 * The model computing in float32 what it computes in float16/bfloat16, with the same stored
 * (rounded) weights: the result equals the float32 model whose weights are those rounded values.
 *
 * - A float16/bfloat16 initializer stays as it is (stored in its half type, possibly an external
 *   reference whose data is never read here) and gets a Cast(to=FLOAT) that its readers read
 *   instead; onnxruntime folds the Cast when the session is created. Skipped when its readers
 *   are all Casts already (the 'initializer + Cast' layout of mixed-precision exports).
 * - Casts (and `dtype`/`output_dtype` attributes) to float16/bfloat16 target float32.
 * - Constant / ConstantOfShape values (and any other tensor attribute) in a half type become
 *   float32: they are small and inline.
 * - Graph inputs, outputs and value_info of a half type are declared float32; so are subgraphs'
 *   (If/Loop bodies) and local functions' nodes.
 *
 * Pure: the input is not modified, and unchanged parts are shared with it. A model holding no
 * half type is returned as it is. Refuses (throws) what it cannot promote, naming it.
 */
export function promoteToFloat32(model: ModelProto): ModelProto {
  const graph = model.graph ? promoteGraph(model.graph, new Map(), 'the graph') : model.graph;
  const functions = model.functions?.map(promoteFunction);
  const functionsChanged = functions?.some((f, k) => f !== model.functions![k]) ?? false;
  if (graph === model.graph && !functionsChanged) return model;
  const proto = cloneMessage(model);
  proto.graph = graph;
  if (functionsChanged) proto.functions = functions;
  return proto;
}

/** The inputs of a promoted model: half-precision inputs (past_key_values of a half graph) are fed as float32. */
export function promotedInputSpecs(inputs: ModelInputSpec[]): ModelInputSpec[] {
  return inputs.map((i) => (i.elemType === 'float16' || i.elemType === 'bfloat16' ? { ...i, elemType: 'float32' } : i));
}

/** `outerRenames`: half initializers of enclosing graphs -> their float32 Cast outputs, for subgraphs that read them. */
function promoteGraph(graph: GraphProto, outerRenames: Map<string, string>, where: string): GraphProto {
  const initializers = graph.initializer ?? [];
  const initializerNames = new Set(initializers.map((t) => t.name ?? ''));
  const renames = new Map(outerRenames);
  for (const name of definedNames(graph)) renames.delete(name);
  const casts = castsForHalfInitializers(graph, renames, where);
  checkSparseInitializers(graph, where);
  const nodes = (graph.node ?? []).map((n) => promoteNode(n, renames, where));
  const declared = (values: ValueInfoProto[] | undefined, what: string) =>
    values?.map((v) => (initializerNames.has(v.name ?? '') ? v : promoteValueInfo(v, `${what} "${v.name}" of ${where}`)));
  const input = declared(graph.input, 'input');
  const output = declared(graph.output, 'output');
  const valueInfo = declared(graph.valueInfo, 'value_info');
  const changed = casts.length > 0
    || nodes.some((n, k) => n !== graph.node![k])
    || [[input, graph.input], [output, graph.output], [valueInfo, graph.valueInfo]].some(([a, b]) => a?.some((v, k) => v !== b![k]));
  if (!changed) return graph;
  const promoted = cloneMessage(graph);
  // The Casts read only initializers, so they can open the (topologically ordered) node list.
  promoted.node = [...casts, ...nodes];
  if (input) promoted.input = input;
  if (output) promoted.output = output;
  if (valueInfo) promoted.valueInfo = valueInfo;
  return promoted;
}

/**
 * One Cast(to=FLOAT) per half initializer that something other than a Cast reads; `renames`
 * gains initializer -> Cast output so that its readers (here and in subgraphs) read the Cast.
 */
function castsForHalfInitializers(graph: GraphProto, renames: Map<string, string>, where: string): NodeProto[] {
  const outputs = new Set((graph.output ?? []).map((v) => v.name ?? ''));
  const taken = new Set(definedNames(graph));
  const casts: NodeProto[] = [];
  for (const tensor of graph.initializer ?? []) {
    const name = tensor.name ?? '';
    if (!HALF_TYPES.has(tensor.dataType ?? 0)) continue;
    if (outputs.has(name)) {
      throw new Error(`promoteToFloat32: output "${name}" of ${where} is a ${typeName(tensor.dataType)} initializer itself; a Cast cannot take its name`);
    }
    const readers = (graph.node ?? []).filter((n) => readsValue(n, name));
    if (readers.length === 0 || readers.every((n) => n.opType === 'Cast' && !n.domain && (n.input ?? [])[0] === name && !hasSubgraphs(n))) continue;
    let output = `${name}${FLOAT32_SUFFIX}`;
    for (let k = 2; taken.has(output); k++) output = `${name}${FLOAT32_SUFFIX}_${k}`;
    taken.add(output);
    renames.set(name, output);
    casts.push({ name: `promote_to_float32/Cast/${name}`, opType: 'Cast', input: [name], output: [output], attribute: [typeAttribute('to', DataType.FLOAT)] });
  }
  return casts;
}

function promoteNode(node: NodeProto, renames: Map<string, string>, where: string): NodeProto {
  const inputs = (node.input ?? []).map((i) => renames.get(i) ?? i);
  const attributes = (node.attribute ?? []).map((a) => promoteAttribute(a, node, renames, where));
  const inputsChanged = inputs.some((i, k) => i !== node.input![k]);
  const attributesChanged = attributes.some((a, k) => a !== node.attribute![k]);
  if (!inputsChanged && !attributesChanged) return node;
  const promoted = cloneMessage(node);
  if (inputsChanged) promoted.input = inputs;
  if (attributesChanged) promoted.attribute = attributes;
  return promoted;
}

function promoteAttribute(attribute: AttributeProto, node: NodeProto, renames: Map<string, string>, where: string): AttributeProto {
  const what = `attribute "${attribute.name}" of ${node.opType} node "${node.name}" in ${where}`;
  if (TYPE_ATTRIBUTES.has(attribute.name ?? '') && attribute.i !== undefined && HALF_TYPES.has(int64ToNumber(attribute.i))) {
    return patched(attribute, { i: DataType.FLOAT });
  }
  if (attribute.t && HALF_TYPES.has(attribute.t.dataType ?? 0)) return patched(attribute, { t: float32Tensor(attribute.t, what) });
  if (attribute.tensors?.some((t) => HALF_TYPES.has(t.dataType ?? 0))) {
    return patched(attribute, { tensors: attribute.tensors.map((t) => (HALF_TYPES.has(t.dataType ?? 0) ? float32Tensor(t, what) : t)) });
  }
  if (attribute.g) {
    const g = promoteGraph(attribute.g, renames, `the subgraph ${what}`);
    return g === attribute.g ? attribute : patched(attribute, { g });
  }
  if (attribute.graphs?.length) {
    const graphs = attribute.graphs.map((g, k) => promoteGraph(g, renames, `subgraph ${k} of ${what}`));
    return graphs.every((g, k) => g === attribute.graphs![k]) ? attribute : patched(attribute, { graphs });
  }
  const sparse = (attribute as { sparseTensor?: { values?: TensorProto } }).sparseTensor;
  if (sparse?.values && HALF_TYPES.has(sparse.values.dataType ?? 0)) {
    throw new Error(`promoteToFloat32: ${what} is a sparse ${typeName(sparse.values.dataType)} tensor, which this does not promote`);
  }
  return attribute;
}

function promoteFunction(fn: FunctionProto): FunctionProto {
  const where = `function "${fn.name}"`;
  const nodes = (fn.node ?? []).map((n) => promoteNode(n, new Map(), where));
  const valueInfo = (fn as { valueInfo?: ValueInfoProto[] }).valueInfo;
  const promotedInfo = valueInfo?.map((v) => promoteValueInfo(v, `value_info "${v.name}" of ${where}`));
  const infoChanged = promotedInfo?.some((v, k) => v !== valueInfo![k]) ?? false;
  if (!infoChanged && nodes.every((n, k) => n === fn.node![k])) return fn;
  const promoted = cloneMessage(fn);
  promoted.node = nodes;
  if (infoChanged) Object.assign(promoted, { valueInfo: promotedInfo });
  return promoted;
}

/** A half tensor's values as a float32 tensor (exact: every half value is a float32 value). */
function float32Tensor(tensor: TensorProto, what: string): TensorProto {
  if (isExternalTensor(tensor)) {
    throw new Error(`promoteToFloat32: ${what} holds a ${typeName(tensor.dataType)} tensor in external data; only inline constants are converted`);
  }
  const values = tensorToFloat32({ baseDir: null }, tensor);
  const copy = Float32Array.from(values);
  const promoted: TensorProto = { dims: tensorDims(tensor), dataType: DataType.FLOAT, rawData: new Uint8Array(copy.buffer) };
  if (tensor.name !== undefined) promoted.name = tensor.name;
  return promoted;
}

function promoteValueInfo(value: ValueInfoProto, what: string): ValueInfoProto {
  const type = value.type;
  if (!type) return value;
  const tensorType = type.tensorType;
  if (tensorType && HALF_TYPES.has(tensorType.elemType ?? 0)) {
    return patched(value, { type: patched(type, { tensorType: patched(tensorType, { elemType: DataType.FLOAT }) }) });
  }
  if (!tensorType && holdsHalfType(type)) {
    throw new Error(`promoteToFloat32: ${what} is a sequence, map or optional of a half type, which this does not promote`);
  }
  return value;
}

/** True when a (sequence, map, optional) type holds a half element type anywhere. */
function holdsHalfType(type: TypeProto | Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(type)) {
    if (key === 'elemType' && typeof value === 'number' && HALF_TYPES.has(value)) return true;
    if (value && typeof value === 'object' && holdsHalfType(value as Record<string, unknown>)) return true;
  }
  return false;
}

function checkSparseInitializers(graph: GraphProto, where: string): void {
  const sparse = (graph as { sparseInitializer?: Array<{ values?: TensorProto }> }).sparseInitializer ?? [];
  const half = sparse.find((s) => HALF_TYPES.has(s.values?.dataType ?? 0));
  if (half) throw new Error(`promoteToFloat32: ${where} has a sparse ${typeName(half.values?.dataType)} initializer "${half.values?.name}", which this does not promote`);
}

/** Whether the node reads `value`: as an input, or from inside one of its subgraphs (outer-scope reference). */
function readsValue(node: NodeProto, value: string): boolean {
  if ((node.input ?? []).includes(value)) return true;
  return subgraphsOf(node).some((g) => (g.node ?? []).some((n) => readsValue(n, value)));
}

function hasSubgraphs(node: NodeProto): boolean {
  return subgraphsOf(node).length > 0;
}

function subgraphsOf(node: NodeProto): GraphProto[] {
  return (node.attribute ?? []).flatMap((a) => [...(a.g ? [a.g] : []), ...(a.graphs ?? [])]);
}

/** Names a graph defines: its inputs, initializers and node outputs (they shadow enclosing graphs' names). */
function definedNames(graph: GraphProto): string[] {
  return [
    ...(graph.input ?? []).map((v) => v.name ?? ''),
    ...(graph.initializer ?? []).map((t) => t.name ?? ''),
    ...(graph.node ?? []).flatMap((n) => n.output ?? []),
  ];
}

/** A copy of a decoded message (prototype and unknown fields kept) with some fields replaced. */
function patched<T extends object>(message: T, fields: Partial<T>): T {
  return Object.assign(cloneMessage(message), fields);
}

function typeAttribute(name: string, type: number): AttributeProto {
  return { name, type: AttributeType.INT, i: type };
}

function typeName(dataType: number | undefined): string {
  return dataType === DataType.BFLOAT16 ? 'bfloat16' : dataType === DataType.FLOAT16 ? 'float16' : `type ${dataType}`;
}
