/**
 * npm run bench:scale — the analysis engine on real model sizes, on this machine.
 *
 * For each model (default: Llama-3.2-1B shape in float32, 3B in float16, Llama-3.1-8B in float16
 * and in float32 = 32 GB of weights), one after another: make it with scripts/make-test-model.ts
 * (seeded random weights in external data), analyse it (the whole matrix and every block metric)
 * in a child process of its own, print its figures, and delete it before the next (the disk holds
 * one at a time). Tokens: 8 x 128 for the 1B and 3B models, 2 x 64 for the 8B ones.
 *
 * Per model: weights on disk; set-up (graph read, structure, partition, memory plan, prologue);
 * matrix time (the whole analysis); block evaluations; time per variant block evaluation against
 * the same block inside the streamed forward pass (its intact run); peak RSS of the analysing
 * process against the engine's own memory bound.
 * Each model's figures are also appended to --results (default /tmp/bench-scale-results.jsonl).
 * Options: --models 1b-fp32,3b-fp16,8b-fp16,8b-fp32  --dir /tmp  --threads N  --results FILE
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { computeDependencyMatrix } from '../lib/analysis/dependency-matrix.ts';
import type { DependencyMatrixResult } from '../lib/analysis/types.ts';
import { ALLOCATOR_ENV } from '../lib/runtime/allocator-env.ts';
import { peakRssBytes } from '../lib/runtime/peak-rss.ts';

interface ModelCase { name: string; shape: string; dtype: string; sequences: number; seqLen: number }

const CASES: Record<string, ModelCase> = {
  '1b-fp32': { name: 'Llama-3.2-1B shape, float32', shape: 'llama-1b', dtype: 'float32', sequences: 8, seqLen: 128 },
  '3b-fp16': { name: 'Llama-3.2-3B shape, float16', shape: 'llama-3b', dtype: 'float16', sequences: 8, seqLen: 128 },
  '8b-fp16': { name: 'Llama-3.1-8B shape, float16', shape: 'llama-8b', dtype: 'float16', sequences: 2, seqLen: 64 },
  '8b-fp32': { name: 'Llama-3.1-8B shape, float32', shape: 'llama-8b', dtype: 'float32', sequences: 2, seqLen: 64 },
};

interface CaseFigures {
  key: string; weightsBytes: number; makeSeconds: number; baselineRss: number; peakRss: number; loadAverage: number;
  result: Pick<DependencyMatrixResult, 'timing' | 'blockTimings' | 'blockEvaluations' | 'memory' | 'sequences' | 'seqLen'> & { layers: number };
}

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    models: { type: 'string', default: Object.keys(CASES).join(',') }, dir: { type: 'string', default: '/tmp' },
    threads: { type: 'string' }, results: { type: 'string', default: '/tmp/bench-scale-results.jsonl' }, analyse: { type: 'string' }, sequences: { type: 'string' }, 'seq-len': { type: 'string' },
  },
});

if (values.analyse) await analyse(values.analyse, Number(values.sequences), Number(values['seq-len']));
else orchestrate();

function orchestrate(): void {
  const figures: CaseFigures[] = [];
  for (const key of values.models.split(',')) {
    const c = CASES[key];
    if (!c) throw new Error(`unknown model "${key}"; choose from ${Object.keys(CASES).join(', ')}`);
    const dir = mkdtempSync(join(values.dir, `fusionscope-scale-${key}-`));
    try {
      process.stderr.write(`\n== ${c.name}: making the model in ${dir}\n`);
      const makeStart = performance.now();
      const made = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/make-test-model.ts'), '--shape', c.shape, '--dtype', c.dtype, '--out', dir],
        { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT });
      if (made.status !== 0) throw new Error(`make-test-model failed for ${key}`);
      const makeSeconds = (performance.now() - makeStart) / 1000;
      const model = join(dir, 'model.onnx');
      const weightsBytes = statSync(model).size + statSync(`${model}.data`).size;
      process.stderr.write(`== ${c.name}: analysing ${c.sequences} x ${c.seqLen} tokens\n`);
      const child = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--analyse', model, '--sequences', String(c.sequences), '--seq-len', String(c.seqLen),
        ...(values.threads ? ['--threads', values.threads] : [])],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...ALLOCATOR_ENV }, maxBuffer: 1 << 24 });
      if (child.status !== 0) throw new Error(`analysis of ${key} failed with status ${child.status}`);
      const measured = JSON.parse(child.stdout.trim().split('\n').pop() as string) as Omit<CaseFigures, 'key' | 'weightsBytes' | 'makeSeconds'>;
      const one = { key, weightsBytes, makeSeconds, ...measured };
      figures.push(one);
      appendFileSync(values.results, `${JSON.stringify(one)}\n`);
      printCase(one);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  printTable(figures);
}

async function analyse(modelPath: string, sequences: number, seqLen: number): Promise<void> {
  const baselineRss = peakRssBytes();
  let state = 12345;
  const tokens = BigInt64Array.from({ length: sequences * seqLen }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return BigInt(state % 32000);
  });
  let lastReport = 0;
  const result = await computeDependencyMatrix({
    modelPath, tokens, seqLen, intraOpThreads: values.threads ? Number(values.threads) : undefined,
    onProgress: (p) => {
      if (performance.now() - lastReport < 30_000 && p.rowsDone < p.rowsTotal) return;
      lastReport = performance.now();
      process.stderr.write(`   ${p.blockEvaluationsDone}/${p.blockEvaluationsTotal} block evaluations, ${p.rowsDone}/${p.rowsTotal} rows, `
        + `${(p.elapsedMs / 1000).toFixed(0)} s, RSS ${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB\n`);
    },
  });
  const { timing, blockTimings, blockEvaluations, memory } = result;
  console.log(JSON.stringify({
    baselineRss, peakRss: peakRssBytes(), loadAverage: loadavg()[0],
    result: { timing, blockTimings, blockEvaluations, memory, sequences: result.sequences, seqLen: result.seqLen, layers: result.blocks.length },
  }));
}

function derived(f: CaseFigures) {
  const { timing, blockTimings } = f.result;
  const withVariants = blockTimings.filter((b) => b.variantEvaluations > 0 && b.intactMs > 0);
  const perEval = withVariants.map((b) => b.variantMs / b.variantEvaluations / b.intactMs).sort((a, b) => a - b);
  const forwardMs = blockTimings.reduce((s, b) => s + b.intactMs, 0);
  const weighted = withVariants.reduce((s, b) => s + b.variantMs, 0) / withVariants.reduce((s, b) => s + b.variantEvaluations * b.intactMs, 0);
  return { forwardMs, medianPerEval: perEval[Math.floor(perEval.length / 2)] ?? NaN, weighted, setupPerForward: timing.setupMs / forwardMs };
}

function gb(bytes: number): string {
  return (bytes / 1e9).toFixed(2);
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(2);
}

function printCase(f: CaseFigures): void {
  const d = derived(f);
  const t = f.result.timing;
  process.stderr.write(`   ${CASES[f.key].name}: matrix ${(t.totalMs / 1000).toFixed(0)} s (setup ${(t.setupMs / 1000).toFixed(1)}, load ${(t.loadMs / 1000).toFixed(1)}, `
    + `intact ${(t.intactMs / 1000).toFixed(1)}, variants ${(t.variantsMs / 1000).toFixed(1)}, epilogue ${(t.epilogueMs / 1000).toFixed(1)}), `
    + `variant eval / intact ${d.weighted.toFixed(2)}, peak RSS ${gib(f.peakRss)} GiB, bound ${gib(f.result.memory.boundBytes)} GiB\n`);
}

function printTable(all: CaseFigures[]): void {
  const header = ['model', 'weights GB', 'tokens', 'make s', 'set-up s', 'set-up / forward', 'matrix s', 'load s', 'block evals',
    'variant eval / same block in forward (all, median)', 'peak RSS GiB', 'bound GiB', 'bound + 1 GiB met', 'variants per run', 'load avg'];
  const rows = all.map((f) => {
    const d = derived(f);
    const r = f.result;
    return [CASES[f.key].name, gb(f.weightsBytes), `${r.sequences}x${r.seqLen}`, f.makeSeconds.toFixed(0), (r.timing.setupMs / 1000).toFixed(1),
      d.setupPerForward.toFixed(2), (r.timing.totalMs / 1000).toFixed(0), (r.timing.loadMs / 1000).toFixed(0), String(r.blockEvaluations.performed),
      `${d.weighted.toFixed(2)}, ${d.medianPerEval.toFixed(2)}`, gib(f.peakRss), gib(r.memory.boundBytes),
      f.peakRss <= r.memory.boundBytes + 2 ** 30 ? 'yes' : 'NO', String(r.memory.variantsPerRun), f.loadAverage.toFixed(1)];
  });
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k].length)));
  console.log('\n' + header.map((h, k) => h.padEnd(widths[k])).join(' | '));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(row.map((c, k) => c.padEnd(widths[k])).join(' | '));
  console.log('\nforward = the streamed forward pass inside the analysis (every block on the intact stream, load time excluded);');
  console.log('variant eval / same block = time per variant stream evaluated at a block over that block\'s intact run (all blocks weighted, and the median block);');
  console.log('peak RSS = VmHWM of the analysing process, Node and onnxruntime included; bound = the engine\'s memory plan.');
}
