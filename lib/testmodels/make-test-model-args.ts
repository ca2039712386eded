import type { NamingStyle } from './graph-builder.ts';
import { LLAMA_SHAPE_NAMES, LLAMA_SHAPES, type LlamaShapeName } from './llama-shapes.ts';
import type { TestDecoderOptions } from './test-decoder-options.ts';
import { WEIGHT_DTYPES, type WeightDtype } from './weight-precision.ts';

/** A command line that cannot be run; its message names the flag and what is allowed. */
export class UsageError extends Error {}

export interface MakeTestModelRequest {
  options: TestDecoderOptions;
  /** The folder that receives model.onnx and model.onnx.data. */
  out: string;
  shape: LlamaShapeName | null;
  help: boolean;
}

const VALUE_FLAGS = ['shape', 'layers', 'hidden', 'ffn', 'heads', 'kv-heads', 'vocab', 'dtype', 'attention-free', 'naming', 'seed', 'out'] as const;
const SWITCHES = ['tied', 'no-tied', 'half-graph', 'optimum', 'help'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];
type Switch = (typeof SWITCHES)[number];
const NAMING_STYLES: readonly NamingStyle[] = ['torchscript', 'dynamo'];

export const MAKE_TEST_MODEL_USAGE = `usage: npm run make-test-model -- [--shape ${LLAMA_SHAPE_NAMES.join('|')}] [options] --out DIR

Writes DIR/model.onnx (the graph) and DIR/model.onnx.data (the weights, seeded random values).
  --shape NAME            real dimensions: llama-1b (Llama-3.2-1B), llama-3b (Llama-3.2-3B), llama-8b (Llama-3.1-8B);
                          the flags below override the shape's values; without a shape --layers and --hidden are needed
  --layers N --hidden N   decoder layers, hidden size
  --ffn N                 FFN intermediate width (default 4 x hidden)
  --heads N --kv-heads N  attention heads, key/value heads (grouped-query attention when fewer)
  --vocab N               vocabulary size (default 256)
  --tied | --no-tied      LM head tied to the embedding table, or a separate weight
  --dtype TYPE            weight type: ${WEIGHT_DTYPES.join(', ')} (default float32); half types get a Cast to float32 each
  --half-graph            with --dtype float16|bfloat16: the whole graph computes in that type, logits included
  --optimum               Optimum inputs: attention_mask, position_ids, past_key_values.N.key/value
  --attention-free LIST   layers without attention, ranges such as 12-19 or 2,5-7
  --naming STYLE          exporter style: ${NAMING_STYLES.join(', ')} (default torchscript)
  --seed N                seed of the weights (default 1)
  --out DIR               folder to write (created when missing)`;

/** Reads the command line of scripts/make-test-model.ts; throws UsageError with the flag's name on any mistake. */
export function parseMakeTestModelArgs(argv: string[]): MakeTestModelRequest {
  const values = new Map<ValueFlag, string>();
  const switches = new Set<Switch>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}": every setting is a flag (see --help)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      switches.add(name as Switch);
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown flag --${name}; allowed: ${[...VALUE_FLAGS, ...SWITCHES].map((f) => `--${f}`).join(' ')}`);
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (values.has(name as ValueFlag)) throw new UsageError(`--${name} is given twice`);
    values.set(name as ValueFlag, value);
  }
  if (switches.has('help')) return { options: { layers: 0, hidden: 0 }, out: '', shape: null, help: true };
  if (switches.has('tied') && switches.has('no-tied')) throw new UsageError('--tied and --no-tied contradict each other');

  const shapeName = values.get('shape');
  if (shapeName !== undefined && !(LLAMA_SHAPE_NAMES as string[]).includes(shapeName)) {
    throw new UsageError(`--shape must be one of ${LLAMA_SHAPE_NAMES.join(', ')}, got "${shapeName}"`);
  }
  const shape = shapeName === undefined ? null : LLAMA_SHAPES[shapeName as LlamaShapeName];
  const integer = (flag: ValueFlag, minimum = 1): number | undefined => {
    const text = values.get(flag);
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < minimum || !Number.isSafeInteger(Number(text))) {
      throw new UsageError(`--${flag} must be ${minimum === 0 ? 'a non-negative' : 'a positive'} integer, got "${text}"`);
    }
    return Number(text);
  };
  const layers = integer('layers') ?? shape?.layers;
  const hidden = integer('hidden') ?? shape?.hidden;
  if (layers === undefined || hidden === undefined) {
    throw new UsageError(`give --shape ${LLAMA_SHAPE_NAMES.join('|')}, or --layers and --hidden (missing: ${[layers === undefined ? '--layers' : '', hidden === undefined ? '--hidden' : ''].filter(Boolean).join(', ')})`);
  }
  const heads = integer('heads') ?? shape?.heads ?? 4;
  const kvHeads = integer('kv-heads') ?? shape?.kvHeads ?? heads;
  if (hidden % heads !== 0 || (hidden / heads) % 2 !== 0) throw new UsageError(`--hidden ${hidden} must split into --heads ${heads} heads of even size`);
  if (heads % kvHeads !== 0) throw new UsageError(`--heads ${heads} must be a multiple of --kv-heads ${kvHeads}`);

  const dtype = values.get('dtype') ?? 'float32';
  if (!(WEIGHT_DTYPES as readonly string[]).includes(dtype)) throw new UsageError(`--dtype must be one of ${WEIGHT_DTYPES.join(', ')}, got "${dtype}"`);
  if (switches.has('half-graph') && dtype === 'float32') throw new UsageError('--half-graph needs --dtype float16 or --dtype bfloat16');
  const naming = values.get('naming') ?? 'torchscript';
  if (!(NAMING_STYLES as readonly string[]).includes(naming)) throw new UsageError(`--naming must be one of ${NAMING_STYLES.join(', ')}, got "${naming}"`);
  const out = values.get('out');
  if (out === undefined) throw new UsageError('--out DIR is required: the folder that receives model.onnx and model.onnx.data');

  const attentionFree = values.get('attention-free');
  const tied = switches.has('tied') ? true : switches.has('no-tied') ? false : shape?.tiedEmbeddings ?? false;
  const options: TestDecoderOptions = {
    layers,
    hidden,
    ffnWidth: integer('ffn') ?? shape?.ffnWidth ?? 4 * hidden,
    heads,
    kvHeads,
    vocab: integer('vocab') ?? shape?.vocab ?? 256,
    tiedEmbeddings: tied,
    dtype: dtype as WeightDtype,
    halfGraph: switches.has('half-graph'),
    optimumInputs: switches.has('optimum'),
    attentionFreeLayers: attentionFree === undefined ? [] : parseLayerRanges(attentionFree, layers),
    naming: naming as NamingStyle,
    seed: integer('seed', 0) ?? 1,
  };
  return { options, out, shape: (shapeName as LlamaShapeName | undefined) ?? null, help: false };
}

/** "12-19" or "2,5-7" -> sorted layer numbers, each below `layers`. */
export function parseLayerRanges(text: string, layers: number): number[] {
  const chosen = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) throw new UsageError(`--attention-free must be layers or ranges such as 12-19 or 2,5-7, got "${text}"`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) throw new UsageError(`--attention-free: range ${part.trim()} ends before it starts`);
    if (last >= layers) throw new UsageError(`--attention-free: layer ${last} is outside the model's layers 0-${layers - 1}`);
    for (let layer = first; layer <= last; layer++) chosen.add(layer);
  }
  return [...chosen].sort((a, b) => a - b);
}
