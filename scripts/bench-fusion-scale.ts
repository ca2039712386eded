/**
 * npm run bench:fusion-scale -- [model flags] [--ranges 2-6,8-12] [--dir DIR]
 *
 * Memory and time of writing a fused model at scale:
 * 1. scripts/make-test-model.ts writes a Llama-shaped decoder with seeded random weights in
 *    external data, streaming (any size). Model flags are its own (--shape llama-8b, --layers,
 *    --hidden, --ffn, --heads, --kv-heads, --vocab, --dtype, --naming, --attention-free, ...);
 *    without --shape or --layers the model is 16 layers x hidden 2048 x FFN 8192, vocabulary 32000,
 *    16 heads; without --attention-free, attention is removed from layers 2..L-3.
 * 2. A child runs the CLI (`cli/main.ts fuse --ranges ...`, the code path of `fusionscope fuse`) on
 *    it, with scripts/report-peak-rss.mjs preloaded to record its peak RSS.
 * Prints the model's size, each range's FFN weight size, fuse time and the fusing process's peak
 * RSS. The temporary folder (under --dir, default the OS temp folder) is removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRanges } from '../lib/fusion/fusion-range.ts';
import { bytesPerElement } from '../lib/onnx/data-types.ts';
import { findDecoderStructure } from '../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../lib/onnx/load-onnx-model.ts';
import { parseMakeTestModelArgs } from '../lib/testmodels/make-test-model-args.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_MODEL = ['--layers', '16', '--hidden', '2048', '--ffn', '8192', '--vocab', '32000', '--heads', '16'];

const { ranges: rangeText, dir: parent, modelArgs } = benchArgs(process.argv.slice(2));
const GiB = 2 ** 30;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;
const dir = mkdtempSync(join(parent, 'bench-fusion-scale-'));
try {
  const modelDir = join(dir, 'model');
  const model = join(modelDir, 'model.onnx');
  const fused = join(dir, 'fused', 'fused.onnx');
  const make = measuredChild(['--import', 'tsx', join(ROOT, 'scripts', 'make-test-model.ts'), ...modelArgs, '--out', modelDir], dir);
  const modelBytes = folderBytes(modelDir);
  const structure = findDecoderStructure(loadOnnxModel(model));
  const ranges = parseRanges(rangeText);
  const rangeBytes = ranges.map(([a, b]) => structure.blocks.slice(a, b + 1).reduce((sum, block) => sum + (bytesPerElement(block.ffn!.ffn!.up.dataType) ?? 4) * block.ffn!.parameterCount, 0));
  process.stderr.write(`fusing ${rangeText} with the CLI...\n`);
  const fuse = measuredChild(['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), 'fuse', model, '--ranges', rangeText, '--out', fused], dir);
  const fusedBytes = folderBytes(join(dir, 'fused'));
  const after = findDecoderStructure(loadOnnxModel(fused));
  const widths = ranges.map(([a]) => after.blocks.find((b) => b.input === structure.blocks[a].input)?.ffn?.ffn?.width);

  const rows: Array<[string, string]> = [
    ['model flags', modelArgs.join(' ')],
    ['model on disk', gib(modelBytes)],
    ['model written in', `${(make.ms / 1000).toFixed(1)} s (peak RSS ${gib(make.peakRss)})`],
    ['ranges fused', `${ranges.map(([a, b], k) => `[${a}, ${b}] -> width ${widths[k]}`).join(', ')}`],
    ['FFN weights per range', rangeBytes.map(gib).join(', ')],
    ['fused model on disk', gib(fusedBytes)],
    ['fuse time (CLI, whole process)', `${(fuse.ms / 1000).toFixed(1)} s`],
    ['fuse peak RSS', `${gib(fuse.peakRss)} (${((100 * fuse.peakRss) / Math.max(...rangeBytes)).toFixed(0)}% of the largest range's weights, ${((100 * fuse.peakRss) / modelBytes).toFixed(1)}% of the model)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
  process.stdout.write(`\n${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${gib(os.totalmem())} memory, load average ${os.loadavg()[0].toFixed(2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** --ranges and --dir are the benchmark's; every other flag goes to make-test-model, with the defaults above. */
function benchArgs(argv: string[]): { ranges: string; dir: string; modelArgs: string[] } {
  let ranges = '2-6,8-12';
  let dir = os.tmpdir();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--ranges') ranges = argv[++i];
    else if (argv[i] === '--dir') dir = argv[++i];
    else rest.push(argv[i]);
  }
  const modelArgs = rest.includes('--shape') || rest.includes('--layers') ? rest : [...DEFAULT_MODEL, ...rest];
  if (!modelArgs.includes('--attention-free')) {
    const { layers } = parseMakeTestModelArgs([...modelArgs, '--out', dir]).options;
    modelArgs.push('--attention-free', `2-${layers - 3}`);
  }
  return { ranges, dir, modelArgs };
}

/** Runs node with `args`, returns its wall time and peak RSS; throws when it fails (its output is shown as it runs). */
function measuredChild(args: string[], scratch: string): { ms: number; peakRss: number } {
  const rssFile = join(scratch, `peak-rss-${Date.now()}`);
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', join(ROOT, 'scripts', 'report-peak-rss.mjs'), ...args], {
    cwd: ROOT, env: { ...process.env, PEAK_RSS_FILE: rssFile }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  const peakRss = Number(readFileSync(rssFile, 'utf8'));
  rmSync(rssFile);
  return { ms, peakRss };
}

function folderBytes(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((sum, e) => sum + (e.isFile() ? statSync(join(folder, e.name)).size : 0), 0);
}
