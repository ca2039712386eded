/**
 * npm run make-test-model -- --shape llama-8b --dtype float16 --out /tmp/m
 *
 * Writes a Llama-shaped decoder with seeded random weights, of any size, with memory bounded by
 * two chunks of weights (lib/testmodels/stream-test-decoder.ts): DIR/model.onnx holds the graph,
 * DIR/model.onnx.data every weight of at least 1 KiB. Flags: see MAKE_TEST_MODEL_USAGE
 * (lib/testmodels/make-test-model-args.ts). Progress goes to stderr, the summary to stdout.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkDiskRoom, formatBytes } from '../lib/testmodels/disk-room.ts';
import { MAKE_TEST_MODEL_USAGE, parseMakeTestModelArgs, UsageError } from '../lib/testmodels/make-test-model-args.ts';
import { planTestDecoderFiles, writeTestDecoderFiles } from '../lib/testmodels/stream-test-decoder.ts';
import type { DataWriteProgress } from '../lib/testmodels/write-planned-tensors.ts';

const PROGRESS_INTERVAL_MS = 2000;

async function main(argv: string[]): Promise<number> {
  const request = parseMakeTestModelArgs(argv);
  if (request.help) {
    process.stdout.write(`${MAKE_TEST_MODEL_USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const files = planTestDecoderFiles(join(request.out, 'model.onnx'), request.options);
  const total = files.graph.byteLength + files.layout.byteLength;
  checkDiskRoom(request.out, total, `the model (${formatBytes(files.layout.byteLength)} of weights)`);
  mkdirSync(request.out, { recursive: true });
  const o = request.options;
  process.stderr.write(
    `${request.shape ?? 'custom'}: ${o.layers} layers, hidden ${o.hidden}, ffn ${o.ffnWidth}, heads ${o.heads}/${o.kvHeads}, vocab ${o.vocab}` +
      `${o.tiedEmbeddings ? ', tied' : ''}, ${o.dtype}${o.halfGraph ? ' graph' : ''}${o.optimumInputs ? ', optimum' : ''}` +
      ` -> ${files.path} (${formatBytes(total)})\n`,
  );

  const abort = new AbortController();
  const interrupt = (): void => abort.abort(new Error('interrupted; the partial files were removed'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let lastReport = performance.now();
  const report = ({ written, total: all }: DataWriteProgress): void => {
    const now = performance.now();
    if (now - lastReport < PROGRESS_INTERVAL_MS && written < all) return;
    lastReport = now;
    const rate = written / 1e6 / ((now - started) / 1000);
    const line = `  ${formatBytes(written)} / ${formatBytes(all)} (${((100 * written) / all).toFixed(0)}%), ${rate.toFixed(0)} MB/s`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K${written === all ? '\n' : ''}` : `${line}\n`);
  };
  await writeTestDecoderFiles(files, { onProgress: report, signal: abort.signal });

  const seconds = (performance.now() - started) / 1000;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const lines = [
    `model       ${files.path}  ${formatBytes(files.graph.byteLength)}`,
    files.dataPath ? `data        ${files.dataPath}  ${formatBytes(files.layout.byteLength)}` : 'data        none (every tensor is inline)',
    `parameters  ${files.parameterCount.toLocaleString('en-US')} (${o.dtype})`,
    `wall time   ${seconds.toFixed(1)} s (${(total / 1e6 / seconds).toFixed(0)} MB/s)`,
    `peak RSS    ${formatBytes(peakRss)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`make-test-model: ${message}\n${error instanceof UsageError ? 'run with --help for the flags\n' : ''}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
