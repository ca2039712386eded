import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.ts';
import { runDependencyAnalysisInThread } from '../../lib/analysis/thread/run-in-thread.ts';
import { formatProgressBar } from '../../lib/analysis/progress-bar.ts';
import type { AnalysisProgress } from '../../lib/analysis/types.ts';

const USAGE = `usage: fusionscope analyze <model.onnx> (--tokens <file> [--token-dtype uint8|uint16|int32|int64] | --text <file>)
       --seq-len N [--max-sequences N] [--rows a-b] [--threads N] [--variant-batch N] --out result.json`;

/** `fusionscope analyze`: dependency matrix + block metrics of an ONNX decoder, as JSON. */
export const analyzeCommand: CliCommand = {
  summary: 'compute the FFN Fusion dependency matrix and block metrics of an ONNX decoder',
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: {
        tokens: { type: 'string' }, 'token-dtype': { type: 'string', default: 'uint8' }, text: { type: 'string' },
        'seq-len': { type: 'string' }, 'max-sequences': { type: 'string' }, rows: { type: 'string' },
        threads: { type: 'string' }, 'variant-batch': { type: 'string' }, out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return usage(0);
    const [modelPath] = positionals;
    if (!modelPath || !values.out || !values['seq-len'] || (!values.tokens && !values.text)) return usage(1);
    const seqLen = positiveInt(values['seq-len'], '--seq-len');
    const tokens = readCalibration(values.tokens, values['token-dtype'], values.text, seqLen, values['max-sequences']);
    const result = await runDependencyAnalysisInThread({
      modelPath, tokens, seqLen,
      rows: values.rows ? parseRange(values.rows) : undefined,
      intraOpThreads: values.threads ? positiveInt(values.threads, '--threads') : undefined,
      maxVariantBatch: values['variant-batch'] ? positiveInt(values['variant-batch'], '--variant-batch') : undefined,
      onProgress: drawProgress,
    });
    process.stderr.write('\n');
    const { blocks, matrix, blockMetrics, timing, blockEvaluations, rows, sequences, variantBatch } = result;
    const output = { model: modelPath, sequences, seqLen, blocks, rows, matrix, blockMetrics, timing: { ...timing, blockEvaluations, variantBatch } };
    writeFileSync(values.out, `${JSON.stringify(output, null, 1)}\n`);
    process.stderr.write(`wrote ${values.out}: ${blocks.length} blocks, ${rows.length} rows, ${(timing.totalMs / 1000).toFixed(1)} s\n`);
    return 0;
  },
};

function usage(code: number): number {
  process.stderr.write(`${USAGE}\n`);
  return code;
}

let lastDraw = 0;
function drawProgress(p: AnalysisProgress): void {
  const now = Date.now();
  if (now - lastDraw < 200 && p.rowsDone < p.rowsTotal) return;
  lastDraw = now;
  process.stderr.write(`\r${formatProgressBar(p)}`);
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${text}"`);
  return n;
}

/** "a-b" (inclusive) or "a". */
function parseRange(text: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new Error(`--rows must look like 3 or 2-7, got "${text}"`);
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (last < first) throw new Error(`--rows ${text}: the range is empty`);
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}

/** Minimal reader: raw little-endian ids of one dtype, or text as bytes; whole sequences only. */
function readCalibration(tokensPath: string | undefined, dtype: string, textPath: string | undefined, seqLen: number, maxSequences?: string): BigInt64Array {
  const all = textPath ? BigInt64Array.from(readFileSync(textPath), BigInt) : readRawTokens(tokensPath as string, dtype);
  let sequences = Math.floor(all.length / seqLen);
  if (maxSequences) sequences = Math.min(sequences, positiveInt(maxSequences, '--max-sequences'));
  if (sequences < 1) throw new Error(`${all.length} tokens are fewer than one sequence of ${seqLen}`);
  return all.slice(0, sequences * seqLen);
}

function readRawTokens(path: string, dtype: string): BigInt64Array {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = { uint8: 1, uint16: 2, int32: 4, int64: 8 }[dtype];
  if (!size) throw new Error(`--token-dtype must be uint8, uint16, int32 or int64, got "${dtype}"`);
  if (bytes.length % size !== 0) throw new Error(`${path}: ${bytes.length} bytes is not a whole number of ${dtype} ids`);
  const out = new BigInt64Array(bytes.length / size);
  for (let k = 0; k < out.length; k++) {
    const at = k * size;
    out[k] = size === 1 ? BigInt(view.getUint8(at)) : size === 2 ? BigInt(view.getUint16(at, true))
      : size === 4 ? BigInt(view.getInt32(at, true)) : view.getBigInt64(at, true);
  }
  return out;
}
