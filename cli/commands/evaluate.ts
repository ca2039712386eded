import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.ts';
import { readTokenFile, splitIntoSequences } from '../../lib/calibration/index.ts';
import { compareModels } from '../../lib/fusion/evaluation/compare-models.ts';
import { formatComparison } from '../../lib/fusion/evaluation/format-comparison.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';

const USAGE = `usage: fusionscope evaluate <candidate.onnx> --reference <model.onnx> --tokens <file> [--token-dtype uint8|uint16|int32|int64|npy|json]
       --seq-len N [--max-sequences N] [--threads N] [--repeats N] [--batches 1,16] [--out eval.json]`;

/** `fusionscope evaluate`: quality (KL, logits cosine distance, cross-entropy) and speed of a model against a reference. */
export const evaluateCommand: CliCommand = {
  summary: 'compare a (fused) model with its reference on held-out tokens: KL, cross-entropy, latency, depth',
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: {
        reference: { type: 'string' }, tokens: { type: 'string' }, 'token-dtype': { type: 'string' }, 'seq-len': { type: 'string' },
        'max-sequences': { type: 'string', default: '64' }, threads: { type: 'string' }, repeats: { type: 'string', default: '5' },
        batches: { type: 'string', default: '1,16' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
    const [candidatePath] = positionals;
    if (values.help || !candidatePath || !values.reference || !values.tokens || !values['seq-len']) {
      process.stderr.write(`${USAGE}\n`);
      return values.help ? 0 : 1;
    }
    const seqLen = positiveInt(values['seq-len'], '--seq-len');
    const structure = findDecoderStructure(loadOnnxModel(values.reference));
    const sequences = splitIntoSequences(readTokenFile(values.tokens, values['token-dtype']).ids, seqLen, {
      vocabSize: structure.vocabSize, maxSequenceLength: structure.maxSequenceLength, maxSequences: positiveInt(values['max-sequences'], '--max-sequences'),
    });
    const result = await compareModels({
      referencePath: values.reference, candidatePath, tokens: sequences.ids, seqLen,
      maxSequences: sequences.sequences,
      intraOpThreads: values.threads ? positiveInt(values.threads, '--threads') : undefined,
      latencyRepeats: positiveInt(values.repeats, '--repeats'),
      latencyBatches: values.batches.split(',').filter(Boolean).map((b) => positiveInt(b, '--batches')),
      onProgress: (done, total) => process.stderr.write(`\revaluating ${done}/${total}`),
    });
    process.stderr.write('\n');
    process.stdout.write(`${formatComparison(result)}\n`);
    if (values.out) writeFileSync(values.out, `${JSON.stringify({ reference: values.reference, candidate: candidatePath, ...result }, null, 1)}\n`);
    return 0;
  },
};

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${text}"`);
  return n;
}
