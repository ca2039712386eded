import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.ts';
import { parseRanges } from '../../lib/fusion/fusion-range.ts';
import { planFusedModel } from '../../lib/fusion/plan-fused-model.ts';
import { writeFusedModel } from '../../lib/fusion/write-fused-model.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';

const USAGE = 'usage: fusionscope fuse <model.onnx> --ranges 6-14,20-22 --out fused.onnx';

/** `fusionscope fuse`: writes the model with each range of FFN-only blocks fused into one wide FFN. */
export const fuseCommand: CliCommand = {
  summary: 'fuse ranges of FFN-only blocks into one wide FFN each and write the fused ONNX model',
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { ranges: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    const [modelPath] = positionals;
    if (values.help || !modelPath || !values.ranges || !values.out) {
      process.stderr.write(`${USAGE}\n`);
      return values.help ? 0 : 1;
    }
    const start = performance.now();
    const model = loadOnnxModel(modelPath);
    const plan = planFusedModel(model, findDecoderStructure(model), parseRanges(values.ranges));
    for (const warning of plan.warnings) process.stderr.write(`warning: ${warning}\n`);
    for (const r of plan.ranges) process.stderr.write(`fusing blocks ${r.range[0]}-${r.range[1]} into one FFN of width ${r.width}\n`);
    // The wide weights are computed band by band while they are written: memory holds pieces, not the ranges.
    const saved = writeFusedModel(plan.model, values.out, plan.generated);
    const data = saved.externalDataPath ? ` (weights in ${saved.externalDataPath})` : '';
    process.stderr.write(`wrote ${saved.path}${data} in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    return 0;
  },
};
