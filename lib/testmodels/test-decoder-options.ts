import type { FfnActivation } from '../onnx/decoder-structure.ts';
import type { NamingStyle } from './graph-builder.ts';
import { WEIGHT_DTYPES, type WeightDtype } from './weight-precision.ts';

export interface TestDecoderOptions {
  layers: number;
  hidden: number;
  /** FFN intermediate width (default 4 x hidden). */
  ffnWidth?: number;
  heads?: number;
  /** Key/value heads; fewer than `heads` gives grouped-query attention. */
  kvHeads?: number;
  vocab?: number;
  /** Layers whose attention sublayer is removed. */
  attentionFreeLayers?: number[];
  /** Layers whose FFN sublayer is removed. */
  ffnFreeLayers?: number[];
  naming?: NamingStyle;
  /** Optimum-style inputs: attention_mask, position_ids, past_key_values.N.key/value, with present outputs. */
  optimumInputs?: boolean;
  /** Default silu (gated SwiGLU, no biases); gelu and relu give a plain MLP with biases. */
  activation?: FfnActivation;
  gated?: boolean;
  ffnBias?: boolean;
  tiedEmbeddings?: boolean;
  seed?: number;
  rmsEpsilon?: number;
  /** Half-width of the uniform weight distribution (default 0.08). */
  weightScale?: number;
  /** RMSNorm (default, decomposed as exporters write it) or LayerNormalization with a bias (GPT-2 style). */
  norm?: 'rms' | 'layer';
  /** Rotary embeddings (default) or a learned [maxPositions, hidden] table added to the token embeddings. */
  positions?: 'rotary' | 'learned';
  maxPositions?: number;
  /** GELU written with Erf (default) or with the tanh approximation. */
  geluApproximation?: 'erf' | 'tanh';
  /**
   * Element type of the weights (default float32): the float32 values of the same seed, rounded
   * to nearest even. Half-precision weights are each followed by a Cast to float32 unless `halfGraph`.
   */
  dtype?: WeightDtype;
  /** With half-precision `dtype`: the whole graph computes in that type (`model.half()` exported), logits included. */
  halfGraph?: boolean;
}

export type ResolvedTestDecoderOptions = Required<TestDecoderOptions>;

export function resolveOptions(options: TestDecoderOptions): ResolvedTestDecoderOptions {
  const heads = options.heads ?? 4;
  const activation = options.activation ?? 'silu';
  const resolved: ResolvedTestDecoderOptions = {
    layers: options.layers,
    hidden: options.hidden,
    ffnWidth: options.ffnWidth ?? 4 * options.hidden,
    heads,
    kvHeads: options.kvHeads ?? heads,
    vocab: options.vocab ?? 256,
    attentionFreeLayers: options.attentionFreeLayers ?? [],
    ffnFreeLayers: options.ffnFreeLayers ?? [],
    naming: options.naming ?? 'torchscript',
    optimumInputs: options.optimumInputs ?? false,
    activation,
    gated: options.gated ?? activation === 'silu',
    ffnBias: options.ffnBias ?? activation !== 'silu',
    tiedEmbeddings: options.tiedEmbeddings ?? false,
    seed: options.seed ?? 1,
    rmsEpsilon: options.rmsEpsilon ?? 1e-6,
    weightScale: options.weightScale ?? 0.08,
    norm: options.norm ?? 'rms',
    positions: options.positions ?? 'rotary',
    maxPositions: options.maxPositions ?? 128,
    geluApproximation: options.geluApproximation ?? 'erf',
    dtype: options.dtype ?? 'float32',
    halfGraph: options.halfGraph ?? false,
  };
  checkOptions(resolved);
  return resolved;
}

function checkOptions(o: ResolvedTestDecoderOptions): void {
  if (!WEIGHT_DTYPES.includes(o.dtype)) throw new Error(`dtype ${String(o.dtype)} is not one of ${WEIGHT_DTYPES.join(', ')}`);
  if (o.halfGraph && o.dtype === 'float32') throw new Error('halfGraph needs a half-precision dtype (float16 or bfloat16)');
  if (o.hidden % o.heads !== 0 || ((o.hidden / o.heads) % 2) !== 0) throw new Error(`hidden ${o.hidden} must split into ${o.heads} heads of even size`);
  if (o.heads % o.kvHeads !== 0) throw new Error(`heads ${o.heads} must be a multiple of kvHeads ${o.kvHeads}`);
  for (let i = 0; i < o.layers; i++) {
    if (o.attentionFreeLayers.includes(i) && o.ffnFreeLayers.includes(i)) throw new Error(`layer ${i} cannot lose both its attention and its FFN`);
  }
}
