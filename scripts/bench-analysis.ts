/**
 * npm run bench:analysis — cost of the dependency matrix against plain forward passes.
 *
 * Each case runs in its own child process (so peak RSS belongs to that case alone):
 *   demo: models/demo/demo-decoder.onnx, 16 sequences x 256 bytes of its calibration text;
 *   gen-L: generated Llama-style decoders with L = 24, 48, 96 (hidden 64, GQA 4/2 heads,
 *          a third of the layers attention-free), on the curve's token batch.
 * In a child, `--repeats` rounds (default 5) of: 6 forward passes of the unmodified model
 * (full-model session, same ORT settings), the whole matrix in this process (model read,
 * partition, every block loaded, all rows), 6 forward passes again. The round's forward time is
 * the mean of the two medians of the 5 warm runs (the first run of each set is left out): the
 * machine's speed drifts, and the matrix sits between the two. Each round gives a ratio; the
 * table shows the median round and the range.
 * Options: --threads N, --curve-sequences N, --curve-seq-len N, --cases demo,24,48,96, --repeats N.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { computeDependencyMatrix } from '../lib/analysis/dependency-matrix.ts';
import type { AnalysisTiming, DependencyMatrixResult } from '../lib/analysis/types.ts';
import { timeFullForward } from '../lib/analysis/forward-timing.ts';
import { writeTestDecoder } from '../lib/testmodels/build-test-decoder.ts';

const DEMO_MODEL = fileURLToPath(new URL('../models/demo/demo-decoder.onnx', import.meta.url));
const DEMO_TEXT = fileURLToPath(new URL('../models/demo/calibration.txt', import.meta.url));
/** The demo's matrix computed naively in PyTorch on the same first 16 x 256 calibration bytes. */
const DEMO_REFERENCE = fileURLToPath(new URL('../models/demo/reference-analysis.json', import.meta.url));

interface Round { matrixMs: number; matrixCpuMs: number; forwardMs: number; forwardCpuMs: number; timing: AnalysisTiming }

interface CaseResult {
  name: string; layers: number; sequences: number; seqLen: number;
  median: Round; ratios: number[]; loadAverage: number; evaluations: number; naive: number;
  peakRssMb: number; boundMb: number;
  /** Demo only: largest |engine - PyTorch reference| over M, and over the drop-one KL. */
  pytorchDiff?: { matrix: number; dropOneKl: number };
}

const { values } = parseArgs({
  options: {
    case: { type: 'string' }, threads: { type: 'string' }, cases: { type: 'string', default: 'demo,24,48,96' },
    'curve-sequences': { type: 'string', default: '8' }, 'curve-seq-len': { type: 'string', default: '128' },
    repeats: { type: 'string', default: '5' },
  },
});

if (values.case) await runCase(values.case);
else orchestrate();

function orchestrate(): void {
  const results: CaseResult[] = [];
  for (const name of values.cases.split(',')) {
    if (name === 'demo' && !existsSync(DEMO_MODEL)) {
      process.stderr.write(`skipping demo: ${DEMO_MODEL} not found\n`);
      continue;
    }
    process.stderr.write(`running ${name === 'demo' ? 'demo model' : `generated L=${name}`}...\n`);
    const passThrough = ['threads', 'curve-sequences', 'curve-seq-len', 'repeats']
      .flatMap((k) => (values[k as keyof typeof values] ? [`--${k}`, String(values[k as keyof typeof values])] : []));
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--case', name, ...passThrough],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`case ${name} failed with status ${child.status}`);
    results.push(JSON.parse(child.stdout.trim().split('\n').pop() as string) as CaseResult);
  }
  printTable(results);
}

async function runCase(name: string): Promise<void> {
  const threads = values.threads ? Number(values.threads) : undefined;
  const repeats = Math.max(1, Number(values.repeats));
  const { modelPath, tokens, seqLen, cleanup } = prepareCase(name);
  try {
    const rounds: Round[] = [];
    let result: DependencyMatrixResult | undefined;
    for (let k = 0; k < repeats; k++) {
      const before = await timeFullForward(modelPath, tokens, seqLen, 6, threads);
      const cpu = process.cpuUsage();
      const start = performance.now();
      result = await computeDependencyMatrix({ modelPath, tokens, seqLen, intraOpThreads: threads });
      const matrixMs = performance.now() - start;
      const cpuUsed = process.cpuUsage(cpu);
      const after = await timeFullForward(modelPath, tokens, seqLen, 6, threads);
      const warmMedian = (runs: number[]) => median(runs.slice(1));
      rounds.push({
        matrixMs, matrixCpuMs: (cpuUsed.user + cpuUsed.system) / 1000, timing: result.timing,
        forwardMs: (warmMedian(before.runsMs) + warmMedian(after.runsMs)) / 2,
        forwardCpuMs: (warmMedian(before.cpuMs) + warmMedian(after.cpuMs)) / 2,
      });
    }
    const r = result as DependencyMatrixResult;
    const ratios = rounds.map((x) => x.matrixMs / x.forwardMs);
    const out: CaseResult = {
      name, layers: r.blocks.length, sequences: r.sequences, seqLen: r.seqLen,
      median: rounds[ratios.indexOf(median(ratios))], ratios, loadAverage: loadavg()[0],
      evaluations: r.blockEvaluations.performed, naive: r.blockEvaluations.naive,
      peakRssMb: process.resourceUsage().maxRSS / 1024, boundMb: r.memory.boundBytes / 2 ** 20,
      pytorchDiff: name === 'demo' && existsSync(DEMO_REFERENCE) ? compareWithPytorch(r.matrix, r.blockMetrics.dropOneKl) : undefined,
    };
    console.log(JSON.stringify(out));
  } finally {
    cleanup();
  }
}

function prepareCase(name: string) {
  if (name === 'demo') {
    const seqLen = 256;
    const bytes = readFileSync(DEMO_TEXT).subarray(0, 16 * seqLen);
    if (bytes.length < 16 * seqLen) throw new Error(`${DEMO_TEXT} holds fewer than 16 x ${seqLen} bytes`);
    return { modelPath: DEMO_MODEL, tokens: BigInt64Array.from(bytes, (b) => BigInt(b)), seqLen, cleanup: () => {} };
  }
  const layers = Number(name);
  const dir = mkdtempSync(join(tmpdir(), 'fusionscope-bench-'));
  const modelPath = join(dir, `gen-${layers}.onnx`);
  const attentionFreeLayers = Array.from({ length: layers }, (_, k) => k).filter((k) => k % 3 === 1);
  writeTestDecoder(modelPath, { layers, hidden: 64, heads: 4, kvHeads: 2, attentionFreeLayers, seed: layers });
  const seqLen = Number(values['curve-seq-len']);
  const count = Number(values['curve-sequences']) * seqLen;
  const tokens = BigInt64Array.from({ length: count }, (_, k) => BigInt((k * 131 + 7) % 256));
  return { modelPath, tokens, seqLen, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function printTable(results: CaseResult[]): void {
  const header = ['model', 'L', 'tokens', 'forward s', 'matrix s', 'ratio', 'range', 'target (L+3)/2', 'CPU ratio',
    'block evals', 'naive L(L+1)', 'peak RSS MB', 'bound MB', 'load avg'];
  const rows = results.map((r) => [
    r.name === 'demo' ? 'demo' : 'generated', String(r.layers), `${r.sequences}x${r.seqLen}`, (r.median.forwardMs / 1000).toFixed(3),
    (r.median.matrixMs / 1000).toFixed(2), (r.median.matrixMs / r.median.forwardMs).toFixed(2),
    `${Math.min(...r.ratios).toFixed(1)}-${Math.max(...r.ratios).toFixed(1)}`,
    ((r.layers + 3) / 2).toFixed(1), (r.median.matrixCpuMs / r.median.forwardCpuMs).toFixed(2), String(r.evaluations), String(r.naive),
    r.peakRssMb.toFixed(0), r.boundMb.toFixed(0), r.loadAverage.toFixed(1),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padStart(widths[k])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('\nmatrix time breakdown of the median round (ms):');
  for (const r of results) {
    const t = r.median.timing;
    console.log(`  ${r.name.padEnd(5)} setup ${t.setupMs}  prologue ${t.prologueMs}  load ${t.loadMs}  intact ${t.intactMs}  variants ${t.variantsMs}  epilogue ${t.epilogueMs}  runs ${t.sessionRuns}`);
  }
  for (const r of results) {
    if (r.pytorchDiff) {
      console.log(`\n${r.name}: largest |engine - PyTorch reference| (models/demo/reference-analysis.json): M ${r.pytorchDiff.matrix.toExponential(2)}, drop-one KL ${r.pytorchDiff.dropOneKl.toExponential(2)}`);
    }
  }
  console.log(`\nintra-op threads: ${values.threads ?? `onnxruntime's default (one per physical core; ${availableParallelism()} logical CPUs here)`}`);
  console.log('forward = mean of the medians of 5 warm runs of the unmodified model just before and just after the matrix');
  console.log('(full-model session, same ORT settings, same process);');
  console.log('ratio = whole matrix wall time (model read, every block loaded, all rows) / forward; range: all rounds;');
  console.log('CPU ratio = the same with process CPU time (all threads), which other processes on a shared machine disturb less;');
  console.log('bound = the engine\'s own estimate of its peak (memory plan); load avg = 1-minute load average when the case finished.');
}

function compareWithPytorch(matrix: Array<Array<number | null>>, kl: Array<number | null>) {
  const reference = JSON.parse(readFileSync(DEMO_REFERENCE, 'utf8')) as {
    matrix: Array<Array<number | null>>; blockMetrics: { dropOneKL: number[] };
  };
  let worstM = 0;
  matrix.forEach((row, i) => row.forEach((v, j) => {
    const r = reference.matrix[i][j];
    if (v !== null && r !== null) worstM = Math.max(worstM, Math.abs(v - r));
  }));
  const worstKl = Math.max(...kl.map((v, i) => Math.abs((v ?? 0) - reference.blockMetrics.dropOneKL[i])));
  return { matrix: worstM, dropOneKl: worstKl };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
