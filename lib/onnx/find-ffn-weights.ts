import { constantTensor } from './constant-values.ts';
import type { FfnActivation, FfnWeights, WeightRef } from './decoder-structure.ts';
import { findNorm } from './find-norm.ts';
import type { ResidualStep } from './find-residual-chain.ts';
import type { GraphIndex } from './graph-index.ts';
import type { OnnxModel } from './onnx-model.ts';
import type { NodeProto } from './onnx-types.ts';
import { PROJECTION_NODE_OPS, resolveWeight } from './resolve-weight.ts';
import { storedInitializer } from './stored-initializer.ts';
import { tensorElementCount } from './tensor-data.ts';
import { requireFloatWeight } from './weight-data-type.ts';

const ACTIVATIONS: Record<string, FfnActivation> = {
  Sigmoid: 'silu', Silu: 'silu', Swish: 'silu',
  Erf: 'gelu', Tanh: 'gelu', Gelu: 'gelu', FastGelu: 'gelu', BiasGelu: 'gelu',
  Relu: 'relu',
};

export function isActivationOp(opType: string | undefined): boolean {
  return opType !== undefined && opType in ACTIVATIONS;
}

interface Projection {
  node: NodeProto;
  weight: WeightRef;
}

/** Gate/up/down projections, biases, activation and norm of an FFN branch. Throws when the branch is not one. */
export function findFfnWeights(model: OnnxModel, index: GraphIndex, step: ResidualStep, hidden: number): FfnWeights {
  const where = `FFN branch of residual Add "${step.add.name}"`;
  const branch = new Set(step.branchNodes);
  const projections = step.branchNodes
    .filter((n) => PROJECTION_NODE_OPS.has(n.opType ?? ''))
    .map((node) => ({ node, weight: resolveWeight(index, node) }));
  const missing = projections.find((p) => !p.weight);
  if (missing) throw new Error(`${where}: ${missing.node.opType} "${missing.node.name}" has no 2-D initializer weight (directly or through a Transpose)`);
  const afterProjection = valuesAfterProjections(step.branchNodes);
  const first = projections.filter((p) => !afterProjection.has(p.node.input?.[0] ?? '')) as Projection[];
  const second = projections.filter((p) => afterProjection.has(p.node.input?.[0] ?? '')) as Projection[];
  if (second.length !== 1 || first.length < 1 || first.length > 2) {
    throw new Error(`${where}: found ${first.length} input projection(s) and ${second.length} output projection(s); expected 1 or 2 (gate, up) then 1 (down)`);
  }
  const down = second[0];
  const withActivation = first.map((p) => activationOnPath(step.branchNodes, p.node, down.node));
  const gateIndex = first.length === 2 ? withActivation.findIndex((a) => a !== null) : -1;
  if (first.length === 2 && (gateIndex < 0 || withActivation[1 - gateIndex] !== null)) {
    throw new Error(`${where}: a gated FFN needs an activation on exactly one of its two input projections; found ${withActivation.filter(Boolean).length}`);
  }
  const gate = gateIndex >= 0 ? first[gateIndex] : null;
  const up = gateIndex >= 0 ? first[1 - gateIndex] : first[0];
  const activation = gate ? withActivation[gateIndex] : withActivation[0];
  if (!activation) throw new Error(`${where}: found no activation (Sigmoid*x, Silu, Gelu, Erf/Tanh GELU, Relu) between the projections`);
  const norm = findNorm(model, index, up.node.input?.[0] ?? '', branch, hidden);
  const biases = { gate: gate ? biasOf(index, gate) : null, up: biasOf(index, up), down: biasOf(index, down) };
  const constants: Array<[string, string | null]> = [
    ['gate bias', biases.gate], ['up bias', biases.up], ['down bias', biases.down], ['norm scale', norm.scale], ['norm bias', norm.bias],
  ];
  for (const [what, value] of constants) {
    const tensor = value ? constantTensor(index, value) : null;
    if (value && tensor) requireFloatWeight({ ...tensor, name: value }, `${where}: the ${what}`);
  }
  return {
    activation,
    gate: gate?.weight ?? null,
    up: up.weight,
    down: down.weight,
    gateBias: biases.gate,
    upBias: biases.up,
    downBias: biases.down,
    normScale: norm.scale,
    normEpsilon: norm.epsilon,
    width: up.weight.shape[1],
    normKind: norm.kind,
    normBias: norm.bias,
  };
}

/** Values computed (within the branch) from the output of some projection. */
function valuesAfterProjections(nodes: NodeProto[]): Set<string> {
  const after = new Set<string>();
  for (const node of nodes) {
    const isProjection = PROJECTION_NODE_OPS.has(node.opType ?? '');
    if (isProjection || (node.input ?? []).some((i) => after.has(i))) for (const o of node.output ?? []) after.add(o);
  }
  return after;
}

function activationOnPath(nodes: NodeProto[], from: NodeProto, to: NodeProto): FfnActivation | null {
  const reached = new Set(from.output ?? []);
  for (const node of nodes) {
    if (node === to || node === from || !(node.input ?? []).some((i) => reached.has(i))) continue;
    if (PROJECTION_NODE_OPS.has(node.opType ?? '')) continue;
    const kind = ACTIVATIONS[node.opType ?? ''];
    if (kind) return kind;
    for (const o of node.output ?? []) reached.add(o);
  }
  return null;
}

function biasOf(index: GraphIndex, projection: Projection): string | null {
  const { node, weight } = projection;
  if (node.opType === 'Gemm') return node.input?.[2] || null;
  const consumers = index.consumers.get(node.output?.[0] ?? '') ?? [];
  if (consumers.length !== 1 || consumers[0].opType !== 'Add') return null;
  for (const input of consumers[0].input ?? []) {
    const tensor = input === node.output?.[0] ? null : constantTensor(index, input);
    if (tensor && tensorElementCount(tensor) === weight.shape[1]) return storedInitializer(index, input) ?? input;
  }
  return null;
}
