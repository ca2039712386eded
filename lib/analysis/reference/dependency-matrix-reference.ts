import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadOnnxModel } from '../../onnx/load-onnx-model.ts';
import { saveOnnxModel } from '../../onnx/save-onnx-model.ts';
import { encodeModel } from '../../onnx/encode-model.ts';
import { isExternalTensor } from '../../onnx/external-data.ts';
import { modelTensors } from '../../onnx/model-tensors.ts';
import type { OnnxModel } from '../../onnx/onnx-model.ts';
import type { DecoderStructure } from '../../onnx/decoder-structure.ts';
import { sessionOptions } from '../session-settings.ts';
import { referenceFeeds } from './reference-feeds.ts';
import { rewriteSkippingBlock } from './skip-block-graph.ts';

export interface ReferenceOptions {
  modelPath: string;
  /** The decoder's structure (block boundary values, inputs, logits name). */
  structure: DecoderStructure;
  tokens: BigInt64Array;
  seqLen: number;
  intraOpThreads?: number;
}

export interface ReferenceResult {
  /** L x L, null where j <= i. */
  matrix: Array<Array<number | null>>;
  dropOneKl: number[];
  /** From the unmodified run: mean_t (1 - cos(X_k, X_k+1)) and mean_t ||X_k+1 - X_k|| / ||X_k||. */
  blockInfluence: number[];
  contributionNormRatio: number[];
  /** Number of full-model runs: L + 1. */
  fullRuns: number;
}

/**
 * The slow, independent way: for each block i, rewrite the whole ONNX graph so that block i is
 * skipped, expose every block boundary value as a graph output, and run the full model; plus one
 * run of the unmodified graph. L + 1 full runs. Math here is written out in plain float64 loops
 * over float32 contributions, separately from the fast engine's helpers.
 */
export async function computeDependencyMatrixReference(options: ReferenceOptions): Promise<ReferenceResult> {
  const { structure, tokens, seqLen } = options;
  const sequences = tokens.length / seqLen;
  const model = loadOnnxModel(options.modelPath);
  const boundaries = [...structure.blocks.map((b) => b.input), structure.blocks[structure.blocks.length - 1].output];
  const feeds = referenceFeeds(structure.inputs, tokens, sequences, seqLen);
  const run = (skip: number | null) => runRewritten(model, structure, skip, boundaries, feeds, options.intraOpThreads);
  const intact = await run(null);
  const L = structure.blocks.length;
  const matrix: Array<Array<number | null>> = [];
  const dropOneKl: number[] = [];
  for (let i = 0; i < L; i++) {
    const variant = await run(i);
    const row: Array<number | null> = new Array(L).fill(null);
    for (let j = i + 1; j < L; j++) {
      const variantIn = j === i + 1 ? variant.values[i] : variant.values[j];
      row[j] = referenceCosineDistance(diff(intact.values[j + 1], intact.values[j]), diff(variant.values[j + 1], variantIn), structure.hiddenSize);
    }
    matrix.push(row);
    dropOneKl.push(referenceKl(intact.logits, variant.logits, intact.vocab));
  }
  const hidden = structure.hiddenSize;
  const blockInfluence = structure.blocks.map((_, k) => referenceCosineDistance(intact.values[k], intact.values[k + 1], hidden));
  const contributionNormRatio = structure.blocks.map((_, k) => referenceNormRatio(intact.values[k], intact.values[k + 1], hidden));
  return { matrix, dropOneKl, blockInfluence, contributionNormRatio, fullRuns: L + 1 };
}

interface FullRun {
  /** values[k] = stream value entering block k (k = L: leaving the last block). */
  values: Float32Array[];
  logits: Float32Array;
  vocab: number;
}

async function runRewritten(
  model: OnnxModel, structure: DecoderStructure, skip: number | null, boundaries: string[],
  feeds: Record<string, ort.Tensor>, intraOpThreads?: number,
): Promise<FullRun> {
  const block = skip === null ? null : structure.blocks[skip];
  const rewritten = rewriteSkippingBlock(model, block && { input: block.input, output: block.output }, boundaries);
  const session = await openSession(rewritten, intraOpThreads);
  try {
    const out = await session.run(feeds, [...boundaries, structure.logits]);
    const logits = out[structure.logits].data as Float32Array;
    const tokenCount = (feeds[structure.inputs.find((s) => s.role === 'input_ids')!.name].dims as number[]).reduce((a, b) => a * b, 1);
    return { values: boundaries.map((n) => out[n].data as Float32Array), logits, vocab: logits.length / tokenCount };
  } finally {
    await session.release();
  }
}

/** From bytes when every weight is inline; through a temporary file when some live in external data. */
async function openSession(model: OnnxModel, intraOpThreads?: number): Promise<ort.InferenceSession> {
  const options = sessionOptions({ intraOpThreads });
  if (!modelTensors(model.proto).some(isExternalTensor)) return ort.InferenceSession.create(encodeModel(model.proto), options);
  const dir = mkdtempSync(join(tmpdir(), 'fusionscope-reference-'));
  try {
    const path = join(dir, 'model.onnx');
    saveOnnxModel(model, path);
    return await ort.InferenceSession.create(path, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function diff(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k] - b[k];
  return out;
}

function referenceCosineDistance(a: Float32Array, b: Float32Array, hidden: number): number {
  const tokens = a.length / hidden;
  let total = 0;
  for (let t = 0; t < tokens; t++) {
    let dot = 0, aa = 0, bb = 0;
    for (let k = t * hidden; k < (t + 1) * hidden; k++) {
      dot += a[k] * b[k];
      aa += a[k] * a[k];
      bb += b[k] * b[k];
    }
    total += aa === 0 && bb === 0 ? 0 : aa === 0 || bb === 0 ? 1 : 1 - dot / Math.sqrt(aa) / Math.sqrt(bb);
  }
  return total / tokens;
}

function referenceNormRatio(input: Float32Array, output: Float32Array, hidden: number): number {
  const tokens = input.length / hidden;
  let total = 0;
  for (let t = 0; t < tokens; t++) {
    let hh = 0, xx = 0;
    for (let k = t * hidden; k < (t + 1) * hidden; k++) {
      const h = Math.fround(output[k] - input[k]);
      hh += h * h;
      xx += input[k] * input[k];
    }
    total += Math.sqrt(hh / xx);
  }
  return total / tokens;
}

function referenceKl(logitsP: Float32Array, logitsQ: Float32Array, vocab: number): number {
  const tokens = logitsP.length / vocab;
  let total = 0;
  for (let t = 0; t < tokens; t++) {
    const p = logSoftmax(logitsP.subarray(t * vocab, (t + 1) * vocab));
    const q = logSoftmax(logitsQ.subarray(t * vocab, (t + 1) * vocab));
    for (let v = 0; v < vocab; v++) total += Math.exp(p[v]) * (p[v] - q[v]);
  }
  return total / tokens;
}

function logSoftmax(z: Float32Array): Float64Array {
  const max = z.reduce((m, x) => Math.max(m, x), -Infinity);
  const logSum = Math.log(z.reduce((s, x) => s + Math.exp(x - max), 0));
  return Float64Array.from(z, (x) => x - max - logSum);
}
