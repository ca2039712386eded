/**
 * npm run bench:fusion-scale — memory and time of writing a fused model at scale.
 *
 * 1. A child process writes a Llama-shaped decoder with seeded random float32 weights in external
 *    data (lib/testmodels; default 16 layers x hidden 2048 x FFN 8192, vocabulary 32000, attention
 *    removed from layers 2..L-3) into a temporary folder.
 * 2. Another child runs the CLI (`cli/main.ts fuse --ranges ...`, the same code path as
 *    `fusionscope fuse`) on it, with scripts/report-peak-rss.mjs preloaded to record its peak RSS.
 * Prints the model's size, the fused ranges' weight size, fuse time and the fusing process's peak
 * RSS; the folder is removed at the end. Options: --layers --hidden --ffn --vocab --heads --ranges
 * --naming torchscript|dynamo --dir (parent of the temporary folder; default the OS temp folder).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseRanges } from '../lib/fusion/fusion-range.ts';
import { findDecoderStructure } from '../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../lib/onnx/load-onnx-model.ts';
import { writeTestDecoder } from '../lib/testmodels/build-test-decoder.ts';
import type { NamingStyle } from '../lib/testmodels/graph-builder.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    layers: { type: 'string', default: '16' },
    hidden: { type: 'string', default: '2048' },
    ffn: { type: 'string', default: '8192' },
    vocab: { type: 'string', default: '32000' },
    heads: { type: 'string', default: '16' },
    ranges: { type: 'string', default: '2-6,8-12' },
    naming: { type: 'string', default: 'torchscript' },
    dir: { type: 'string', default: os.tmpdir() },
    'make-model': { type: 'string' },
  },
});
const shape = { layers: Number(values.layers), hidden: Number(values.hidden), ffnWidth: Number(values.ffn), vocab: Number(values.vocab), heads: Number(values.heads) };
const naming = values.naming as NamingStyle;

if (values['make-model']) {
  // Child mode: the model is built in memory here, so the parent and the fusing child stay small.
  const attentionFreeLayers = Array.from({ length: Math.max(0, shape.layers - 4) }, (_, i) => i + 2);
  writeTestDecoder(values['make-model'], { ...shape, naming, attentionFreeLayers, seed: 1, externalData: true });
  process.exit(0);
}

const GiB = 2 ** 30;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;
const dir = mkdtempSync(join(values.dir, 'bench-fusion-scale-'));
try {
  const model = join(dir, 'model.onnx');
  const fused = join(dir, 'fused', 'fused.onnx');
  process.stderr.write(`writing a ${shape.layers} x ${shape.hidden} x ${shape.ffnWidth} (vocabulary ${shape.vocab}, ${naming}) test decoder to ${dir}...\n`);
  const make = measuredChild(['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2), '--make-model', model], dir);
  const modelBytes = folderBytes(dir);
  const structure = findDecoderStructure(loadOnnxModel(model));
  const ranges = parseRanges(values.ranges);
  const rangeBytes = ranges.map(([a, b]) => structure.blocks.slice(a, b + 1).reduce((sum, block) => sum + 4 * block.ffn!.parameterCount, 0));
  process.stderr.write(`fusing ${values.ranges} with the CLI...\n`);
  const fuse = measuredChild(['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), 'fuse', model, '--ranges', values.ranges, '--out', fused], dir);
  const fusedBytes = folderBytes(join(dir, 'fused'));
  const after = findDecoderStructure(loadOnnxModel(fused));
  const widths = ranges.map(([a]) => after.blocks.find((b) => b.input === structure.blocks[a].input)?.ffn?.ffn?.width);

  const rows: Array<[string, string]> = [
    ['model', `${shape.layers} layers x hidden ${shape.hidden} x FFN ${shape.ffnWidth}, vocabulary ${shape.vocab}, float32, ${naming} naming, external data`],
    ['model on disk', gib(modelBytes)],
    ['model written in', `${(make.ms / 1000).toFixed(1)} s (peak RSS ${gib(make.peakRss)})`],
    ['ranges fused', `${ranges.map(([a, b], k) => `[${a}, ${b}] -> width ${widths[k]}`).join(', ')}`],
    ['FFN weights per range', rangeBytes.map(gib).join(', ')],
    ['fused model on disk', gib(fusedBytes)],
    ['fuse time (CLI, whole process)', `${(fuse.ms / 1000).toFixed(1)} s`],
    ['fuse peak RSS', `${gib(fuse.peakRss)} (${((100 * fuse.peakRss) / Math.max(...rangeBytes)).toFixed(0)}% of the largest range's weights, ${((100 * fuse.peakRss) / modelBytes).toFixed(0)}% of the model)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
  process.stdout.write(`\n${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${gib(os.totalmem())} memory, load average ${os.loadavg()[0].toFixed(2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs node with `args`, returns its wall time and peak RSS; throws with its output when it fails. */
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
