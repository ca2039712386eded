import { classifyBranch, describeBranchOps } from './classify-branch.ts';
import type { DecoderBlock, DecoderStructure, Sublayer } from './decoder-structure.ts';
import { describeInputs } from './describe-inputs.ts';
import { findEmbeddingCandidates, type EmbeddingLookup } from './find-embedding.ts';
import { findFfnWeights } from './find-ffn-weights.ts';
import { findLmHead, type LmHead } from './find-lm-head.ts';
import { findMaxSequenceLength } from './find-max-sequence-length.ts';
import { branchNodes, findResidualChain, PROJECTION_OPS, type ResidualStep } from './find-residual-chain.ts';
import { buildGraphIndex, type GraphIndex } from './graph-index.ts';
import type { OnnxModel } from './onnx-model.ts';
import { dependsOn } from './reachability.ts';
import { branchConstants, parameterCount } from './sublayer-parameters.ts';
import { PROJECTION_NODE_OPS, resolveWeight } from './resolve-weight.ts';
import { ensureUniqueNodeNames } from './unique-node-names.ts';
import { describeWeightDataTypes, requireFloatWeight } from './weight-data-type.ts';

const EXPECTED_CHAIN =
  'expected a chain of residual Add nodes, each adding a branch (attention with Softmax, or FFN with MatMul-activation-MatMul) ' +
  'computed from the previous stream value, from the embedding Gather to the LM head MatMul';

/**
 * The decoder's blocks, found from the graph's topology (names are never used). Throws with a
 * message saying what was found when the graph is not a decoder this can read.
 */
export function findDecoderStructure(model: OnnxModel): DecoderStructure {
  const graph = model.proto.graph;
  if (!graph) throw new Error('the model has no graph');
  ensureUniqueNodeNames(graph);
  const index = buildGraphIndex(graph);
  const { embedding, head } = findEmbeddingAndHead(index);
  const chain = findResidualChain(index, embedding.node.output?.[0]);
  checkChain(index, chain, embedding.node.output?.[0] ?? '', head.logits);
  const sublayers = chain.map((step) => sublayer(model, index, step, embedding.hiddenSize));
  const blocks = groupBlocks(sublayers);
  const weightTypes = [embedding.dataType, head.weight.dataType, ...chain.flatMap((step) => projectionWeightTypes(index, step))];
  return {
    blocks,
    hiddenSize: embedding.hiddenSize,
    vocabSize: embedding.vocabSize,
    inputs: describeInputs(index, embedding.inputIds),
    logits: head.logits,
    streamStart: chain[0].stream,
    streamEnd: chain[chain.length - 1].output,
    maxSequenceLength: findMaxSequenceLength(index, embedding.table),
    weightDataType: describeWeightDataTypes(weightTypes),
  };
}

/** The token embedding is the lookup whose table size the LM head projects to (position tables are not). */
function findEmbeddingAndHead(index: GraphIndex): { embedding: EmbeddingLookup; head: LmHead } {
  const candidates = findEmbeddingCandidates(index);
  if (candidates.length === 0) {
    throw new Error(`found no embedding lookup (a Gather from a 2-D [vocab, hidden] initializer indexed by a graph input); ${EXPECTED_CHAIN}`);
  }
  for (const embedding of candidates) {
    const head = findLmHead(index, embedding.vocabSize);
    if (!head) continue;
    requireFloatWeight(index.initializers.get(embedding.table)!, 'the embedding table');
    requireFloatWeight(index.initializers.get(head.weight.initializer)!, `the LM head weight (${head.node.opType} "${head.node.name}")`);
    return { embedding, head };
  }
  const outputs = [...index.graphOutputs].join(', ');
  const shapes = candidates.map((c) => `[${c.hiddenSize}, ${c.vocabSize}]`).join(' or ');
  throw new Error(`found no LM head: no graph output (${outputs}) is computed by a MatMul/Gemm with a ${shapes} weight; ${EXPECTED_CHAIN}`);
}

function checkChain(index: GraphIndex, chain: ResidualStep[], embeddingOutput: string, logits: string): void {
  const addCount = index.nodes.filter((n) => n.opType === 'Add').length;
  if (chain.length === 0) {
    throw new Error(`found no residual Add chain from the embedding Gather to the LM head MatMul (the graph has ${addCount} Add nodes, none adds a branch computed from its other operand); ${EXPECTED_CHAIN}`);
  }
  const start = chain[0].stream;
  const end = chain[chain.length - 1].output;
  if (start !== embeddingOutput && !dependsOn(index, start, embeddingOutput)) {
    throw new Error(`found a residual chain of ${chain.length} Add nodes starting at "${start}", which does not depend on the embedding lookup "${embeddingOutput}"; ${EXPECTED_CHAIN}`);
  }
  if (!dependsOn(index, logits, end)) {
    throw new Error(`found a residual chain of ${chain.length} Add nodes ending at "${end}", but the logits "${logits}" do not depend on it; ${EXPECTED_CHAIN}`);
  }
  const before = projectionsBetween(index, embeddingOutput, start);
  if (before > 0) {
    throw new Error(`found a residual chain of ${chain.length} Add nodes starting at "${start}", but ${before} projection(s) (MatMul/Gemm/attention) come between the embedding lookup and it: part of the decoder is not a residual chain; ${EXPECTED_CHAIN}`);
  }
  const after = projectionsBetween(index, end, logits);
  if (after > 1) {
    throw new Error(`found a residual chain of ${chain.length} Add nodes ending at "${end}", but ${after - 1} projection(s) besides the LM head follow it (parallel attention + MLP residuals are not supported); ${EXPECTED_CHAIN}`);
  }
}

function projectionsBetween(index: GraphIndex, from: string, to: string): number {
  if (from === to) return 0;
  return (branchNodes(index, from, to) ?? []).filter((n) => PROJECTION_OPS.has(n.opType ?? '')).length;
}

/**
 * Element types of the weights of the branch's projections (MatMul/Gemm with a constant weight),
 * refusing one not stored as a float type.
 */
function projectionWeightTypes(index: GraphIndex, step: ResidualStep): number[] {
  const types: number[] = [];
  for (const node of step.branchNodes) {
    const weight = PROJECTION_NODE_OPS.has(node.opType ?? '') ? resolveWeight(index, node) : null;
    if (!weight) continue;
    requireFloatWeight(index.initializers.get(weight.initializer)!, `the weight of ${node.opType} "${node.name}"`);
    types.push(weight.dataType);
  }
  return types;
}

function sublayer(model: OnnxModel, index: GraphIndex, step: ResidualStep, hidden: number): Sublayer {
  const kind = classifyBranch(step);
  if (!kind) {
    throw new Error(`residual Add "${step.add.name}" adds a branch of ${step.branchNodes.length} nodes (${describeBranchOps(step)}) that is neither attention (Softmax or an Attention op) nor an FFN (MatMul, activation, MatMul)`);
  }
  const constants = branchConstants(index, step.branchNodes);
  return {
    kind,
    input: step.stream,
    output: step.output,
    addNode: step.add.name ?? '',
    nodes: [...constants.nodes, ...step.branchNodes].map((n) => n.name ?? ''),
    ffn: kind === 'ffn' ? findFfnWeights(model, index, step, hidden) : undefined,
    parameterCount: parameterCount(index, constants.initializers),
    initializers: constants.initializers,
  };
}

/** A block opens at an attention sublayer (an FFN right after it joins it) or at an FFN with no attention before it. */
function groupBlocks(sublayers: Sublayer[]): DecoderBlock[] {
  const blocks: DecoderBlock[] = [];
  for (const s of sublayers) {
    const last = blocks[blocks.length - 1];
    if (s.kind === 'ffn' && last && last.attention && !last.ffn) {
      last.ffn = s;
      last.output = s.output;
    } else {
      blocks.push({ index: blocks.length, input: s.input, output: s.output, attention: s.kind === 'attention' ? s : null, ffn: s.kind === 'ffn' ? s : null });
    }
  }
  return blocks;
}
