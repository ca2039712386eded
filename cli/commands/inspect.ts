import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { formatStructureTable } from '../../lib/onnx/format-structure-table.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { summarizeStructure } from '../../lib/onnx/summarize-structure.ts';

const USAGE = 'usage: fusionscope inspect <model.onnx> [--json]';

/** `fusionscope inspect`: the block structure found in an ONNX decoder. */
export const inspectCommand: CliCommand = {
  summary: 'print the block structure of an ONNX decoder (--json for the summary as JSON)',
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    const [modelPath] = positionals;
    if (values.help || !modelPath || positionals.length > 1) {
      process.stderr.write(`${USAGE}\n`);
      return values.help ? 0 : 1;
    }
    const summary = summarizeStructure(findDecoderStructure(loadOnnxModel(modelPath)));
    process.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : `${modelPath}\n${formatStructureTable(summary)}\n`);
    return 0;
  },
};
