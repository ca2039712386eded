/**
 * npm run bench:fusion — what fusing the demo model's suggested ranges costs and gains.
 *
 * 1. The dependency matrix of models/demo/demo-decoder.onnx on the first 16 x 256 bytes of its
 *    calibration text, then suggestFusionRanges on it.
 * 2. For each suggested FFN range, for all of them together (when more than one), and for each
 *    attention-free run fused whole (its last FFN included): build the fused model in a temporary
 *    folder and compare it with the unfused model on 64 x 256 held-out bytes (heldout.txt):
 *    KL, cross-entropy change (bits/byte), median latency at batch 1 and 16 (same threads, runs
 *    interleaved), sequential depth, parameters, build time.
 * Prints a table; the temporary folder is removed. Options: --threads N, --sequences N, --repeats N.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { computeDependencyMatrix } from '../lib/analysis/dependency-matrix.ts';
import { formatSuggestions } from '../lib/analysis/suggest-ranges/format-suggestions.ts';
import { suggestFusionRanges } from '../lib/analysis/suggest-ranges/suggest-fusion-ranges.ts';
import { evaluateFusion, type FusionEvaluation } from '../lib/fusion/evaluation/evaluate-fusion.ts';
import type { FusionRange } from '../lib/fusion/fusion-range.ts';
import { findDecoderStructure } from '../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../lib/onnx/load-onnx-model.ts';
import { attentionFreeRuns } from '../lib/onnx/summarize-structure.ts';

const DEMO_MODEL = fileURLToPath(new URL('../models/demo/demo-decoder.onnx', import.meta.url));
const CALIBRATION = fileURLToPath(new URL('../models/demo/calibration.txt', import.meta.url));
const HELDOUT = fileURLToPath(new URL('../models/demo/heldout.txt', import.meta.url));
const SEQ_LEN = 256;

const { values } = parseArgs({
  options: { threads: { type: 'string' }, sequences: { type: 'string', default: '64' }, repeats: { type: 'string', default: '5' } },
});
const threads = values.threads ? Number(values.threads) : os.availableParallelism();

const bytes = (file: string, sequences: number) => BigInt64Array.from(readFileSync(file).subarray(0, sequences * SEQ_LEN), BigInt);

process.stderr.write('computing the dependency matrix of the demo model...\n');
const matrixStart = performance.now();
const analysis = await computeDependencyMatrix({ modelPath: DEMO_MODEL, tokens: bytes(CALIBRATION, 16), seqLen: SEQ_LEN, intraOpThreads: threads });
const matrixMs = performance.now() - matrixStart;
const structure = findDecoderStructure(loadOnnxModel(DEMO_MODEL));
const blocks = analysis.blocks.map((b) => ({ ...b, ffnWidth: structure.blocks[b.index]?.ffn?.ffn?.width ?? null }));
const suggestions = suggestFusionRanges(analysis.matrix, blocks);
process.stdout.write(`dependency matrix: ${(matrixMs / 1000).toFixed(1)} s\n${formatSuggestions(suggestions)}\n\n`);

const cases: Array<{ name: string; ranges: FusionRange[] }> = suggestions.ffnRanges.map((s) => ({ name: 'suggested (without last FFN)', ranges: [s.range] }));
if (cases.length > 1) cases.push({ name: 'all suggested', ranges: cases.map((c) => c.ranges[0]) });
for (const run of attentionFreeRuns(blocks)) if (run[1] - run[0] >= 1) cases.push({ name: 'whole run (with last FFN)', ranges: [run] });

const dir = mkdtempSync(join(os.tmpdir(), 'bench-fusion-'));
const rows: Array<{ name: string; ranges: FusionRange[]; result: FusionEvaluation }> = [];
try {
  for (const [k, c] of cases.entries()) {
    process.stderr.write(`fusing ${c.ranges.map((r) => r.join('-')).join(',')}...\n`);
    const result = await evaluateFusion({
      modelPath: DEMO_MODEL, ranges: c.ranges, outputPath: join(dir, `case-${k}`, 'fused.onnx'),
      tokens: bytes(HELDOUT, Number(values.sequences)), seqLen: SEQ_LEN, maxSequences: Number(values.sequences),
      intraOpThreads: threads, latencyRepeats: Number(values.repeats),
    });
    rows.push({ ...c, result });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${formatTable(rows)}\n`);
const ce = rows[0]?.result.crossEntropy;
if (ce) process.stdout.write(`\nunfused model: ${ce.reference.toFixed(4)} bits/byte on ${rows[0].result.evaluation.sequences} x ${SEQ_LEN} held-out bytes; ${threads} ORT threads, median of ${values.repeats} interleaved runs; load average ${os.loadavg()[0].toFixed(2)}\n`);

function formatTable(list: typeof rows): string {
  const header = ['ranges', 'case', 'KL (nats)', 'logits cos', 'Δ bits/byte', 'b1 ms before→after', 'b16 ms before→after', 'depth', 'params', 'build ms'];
  const body = list.map(({ name, ranges, result: r }) => {
    const [b1, b16] = r.latencyMs.batches;
    const lat = (b: typeof b1) => `${b.reference.toFixed(0)}→${b.candidate.toFixed(0)} (x${b.speedup.toFixed(2)})`;
    return [
      ranges.map((x) => x.join('-')).join(','), name, r.kl.toFixed(4), r.logitsCosineDistance.toExponential(2),
      `${r.crossEntropy.delta >= 0 ? '+' : ''}${r.crossEntropy.delta.toFixed(4)}`, lat(b1), lat(b16),
      `${r.depth.reference}→${r.depth.candidate}`, `${r.parameters.reference}→${r.parameters.candidate}`, r.fusion.buildMs.toFixed(0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
