/**
 * Runs one analysis in this (child) process and prints its figures as one JSON line: the RSS
 * before the engine started (Node, tsx and onnxruntime loaded) and the process's peak after it.
 * Arguments: <model.onnx> <sequences> <seqLen> <memory budget in bytes>.
 */
import * as ort from 'onnxruntime-node';
import { computeDependencyMatrix } from '../../lib/analysis/dependency-matrix.ts';
import { syntheticTokens } from './model-fixtures.ts';
import { peakRssBytes } from '../../lib/runtime/peak-rss.ts';

const [modelPath, sequences, seqLen, budget] = process.argv.slice(2);
// load onnxruntime's library first, so that the baseline includes it
await (await ort.InferenceSession.create(new Uint8Array(0)).catch(() => null))?.release();
const baselineRss = peakRssBytes();
try {
  const result = await computeDependencyMatrix({
    modelPath, tokens: syntheticTokens(Number(sequences) * Number(seqLen), 256, 3), seqLen: Number(seqLen),
    intraOpThreads: 1, memoryBudgetBytes: Number(budget),
  });
  console.log(JSON.stringify({ baselineRss, peakRss: peakRssBytes(), plan: result.memory, rows: result.rows.length }));
} catch (error) {
  console.log(JSON.stringify({
    baselineRss, peakRss: peakRssBytes(), error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  }));
}
