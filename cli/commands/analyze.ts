import { readFileSync, writeFileSync } from 'node:fs';
import { encodeTextAsTokens, readTokenFile, splitIntoSequences } from '../../lib/calibration/index.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.ts';
import { runDependencyAnalysisInThread } from '../../lib/analysis/thread/run-in-thread.ts';
import { formatProgressBar } from '../../lib/analysis/progress-bar.ts';
import type { AnalysisProgress } from '../../lib/analysis/types.ts';
import { executionProviderFromEnv, parseExecutionProvider } from '../../lib/analysis/execution-provider.ts';
import { formatBytes, parseByteSize } from '../../lib/analysis/memory/available-memory.ts';
import { memoryBudgetFromEnv } from '../../lib/analysis/analysis-threads.ts';

const USAGE = `usage: fusionscope analyze <model.onnx> (--tokens <file> [--token-dtype uint8|uint16|int32|int64|npy|json]
                                     | --text <file> [--tokenizer tokenizer.json])
       --seq-len N [--max-sequences N] [--rows a-b] [--threads N] [--memory-budget SIZE]
       [--execution-provider cpu|cuda] --out result.json

--threads: onnxruntime threads (default: one per physical core)
--memory-budget: memory the analysis may use, e.g. 6GB (default: what the machine has available);
                 the work is cut to fit, or refused at once with the figure it needs
--execution-provider: onnxruntime provider (default FUSIONSCOPE_EXECUTION_PROVIDER or cpu)`;

/** `fusionscope analyze`: dependency matrix + block metrics of an ONNX decoder, as JSON. */
export const analyzeCommand: CliCommand = {
  summary: 'compute the FFN Fusion dependency matrix and block metrics of an ONNX decoder',
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: {
        tokens: { type: 'string' }, 'token-dtype': { type: 'string' }, text: { type: 'string' }, tokenizer: { type: 'string' },
        'seq-len': { type: 'string' }, 'max-sequences': { type: 'string' }, rows: { type: 'string' },
        threads: { type: 'string' }, 'memory-budget': { type: 'string' }, 'execution-provider': { type: 'string' }, out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return usage(0);
    const [modelPath] = positionals;
    if (!modelPath || !values.out || !values['seq-len'] || (!values.tokens && !values.text)) return usage(1);
    const seqLen = positiveInt(values['seq-len'], '--seq-len');
    const tokens = readCalibration(modelPath, {
      tokensPath: values.tokens, format: values['token-dtype'], textPath: values.text, tokenizer: values.tokenizer,
      seqLen, maxSequences: values['max-sequences'] ? positiveInt(values['max-sequences'], '--max-sequences') : undefined,
    });
    const result = await runDependencyAnalysisInThread({
      modelPath, tokens, seqLen,
      rows: values.rows ? parseRange(values.rows) : undefined,
      intraOpThreads: values.threads ? positiveInt(values.threads, '--threads') : undefined,
      memoryBudgetBytes: values['memory-budget'] ? byteSize(values['memory-budget'], '--memory-budget') : memoryBudgetFromEnv(),
      executionProvider: values['execution-provider'] ? parseExecutionProvider(values['execution-provider'], '--execution-provider') : executionProviderFromEnv(),
      onProgress: drawProgress,
    });
    process.stderr.write('\n');
    const { blocks, matrix, blockMetrics, timing, blockEvaluations, rows, sequences, memory, blockTimings } = result;
    const output = { model: modelPath, sequences, seqLen, blocks, rows, matrix, blockMetrics, timing: { ...timing, blockEvaluations, blocks: blockTimings }, memory };
    writeFileSync(values.out, `${JSON.stringify(output, null, 1)}\n`);
    process.stderr.write(`wrote ${values.out}: ${blocks.length} blocks, ${rows.length} rows, ${(timing.totalMs / 1000).toFixed(1)} s, `
      + `memory bound ${formatBytes(memory.boundBytes)} of a ${formatBytes(memory.budgetBytes)} budget\n`);
    return 0;
  },
};

function byteSize(text: string, flag: string): number {
  const bytes = parseByteSize(text);
  if (bytes === null) throw new Error(`${flag} must be a size such as 6GB, 512MB or 2.5GiB, got "${text}"`);
  return bytes;
}

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

interface CalibrationSource {
  tokensPath?: string;
  format?: string;
  textPath?: string;
  tokenizer?: string;
  seqLen: number;
  maxSequences?: number;
}

/** Token ids (file or text) cut into whole sequences and checked against the model's vocabulary and length. */
function readCalibration(modelPath: string, source: CalibrationSource): BigInt64Array {
  const structure = findDecoderStructure(loadOnnxModel(modelPath));
  const ids = source.textPath
    ? encodeTextAsTokens(readFileSync(source.textPath), { vocabSize: structure.vocabSize, tokenizerJsonPath: source.tokenizer })
    : readTokenFile(source.tokensPath as string, source.format).ids;
  const split = splitIntoSequences(ids, source.seqLen, {
    vocabSize: structure.vocabSize, maxSequenceLength: structure.maxSequenceLength, maxSequences: source.maxSequences,
  });
  process.stderr.write(`${split.sequences} sequences of ${split.seqLen} tokens (${split.droppedTokens} tokens left over)\n`);
  return split.ids;
}
