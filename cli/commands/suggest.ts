import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.ts';
import { formatSuggestions } from '../../lib/analysis/suggest-ranges/format-suggestions.ts';
import { suggestFusionRanges } from '../../lib/analysis/suggest-ranges/suggest-fusion-ranges.ts';
import type { DependencyMatrix, SuggestBlock } from '../../lib/analysis/suggest-ranges/types.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';

const USAGE = 'usage: fusionscope suggest <result.json> [--max-dependency 0.0625] [--max-width N] [--model model.onnx] [--json]';

/** `fusionscope suggest`: fusion ranges proposed from an `analyze` result, each with its reason. */
export const suggestCommand: CliCommand = {
  summary: 'suggest FFN fusion ranges (and appendix-B block windows) from an analyze result',
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: {
        'max-dependency': { type: 'string' }, 'max-width': { type: 'string' }, model: { type: 'string' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    const [resultPath] = positionals;
    if (values.help || !resultPath) {
      process.stderr.write(`${USAGE}\n`);
      return values.help ? 0 : 1;
    }
    const result = JSON.parse(readFileSync(resultPath, 'utf8')) as { matrix?: DependencyMatrix; blocks?: SuggestBlock[]; model?: string };
    if (!Array.isArray(result.matrix) || !Array.isArray(result.blocks)) throw new Error(`${resultPath} has no "matrix" and "blocks": is it the output of fusionscope analyze?`);
    const blocks = withWidths(result.blocks, values.model ?? result.model);
    const suggestions = suggestFusionRanges(result.matrix, blocks, {
      maxDependency: values['max-dependency'] ? Number(values['max-dependency']) : undefined,
      maxFusedWidth: values['max-width'] ? Number(values['max-width']) : undefined,
    });
    process.stdout.write(values.json ? `${JSON.stringify(suggestions, null, 1)}\n` : `${formatSuggestions(suggestions)}\n`);
    return 0;
  },
};

/** FFN widths from the model, when it can be found, so widths and the width limit can be reported. */
function withWidths(blocks: SuggestBlock[], modelPath: string | undefined): SuggestBlock[] {
  if (!modelPath || !existsSync(modelPath)) return blocks;
  const structure = findDecoderStructure(loadOnnxModel(modelPath));
  return blocks.map((b) => ({ ...b, ffnWidth: structure.blocks[b.index]?.ffn?.ffn?.width ?? null }));
}
