import { DataType } from '../onnx/data-types.ts';
import type { GraphBuilder } from './graph-builder.ts';
import type { ResolvedTestDecoderOptions } from './test-decoder-options.ts';
import type { WeightStream } from './weight-values.ts';

/** Values computed once before the layers and read by every attention sublayer. */
export interface SideValues {
  /** Rotary tables; null with learned positions. */
  cos: string | null;
  sin: string | null;
  mask: string;
  /** Reshape target [batch, seq, hidden] computed from the input's shape (TorchScript style), or null. */
  hiddenShape: string | null;
}

/** Emits Llama-style pieces (norm, projections, attention, FFN) into a GraphBuilder. */
export class DecoderEmitter {
  constructor(
    readonly b: GraphBuilder,
    readonly o: ResolvedTestDecoderOptions,
    /** The seeded stream every random weight is drawn from, in graph order. */
    readonly weights: WeightStream,
  ) {}

  get headDim(): number {
    return this.o.hidden / this.o.heads;
  }

  /** The configured norm: RMSNorm (decomposed) or LayerNormalization. */
  norm(input: string, param: string): string {
    return this.o.norm === 'layer' ? this.layerNorm(input, param) : this.rmsNorm(input, param);
  }

  /** LayerNormalization over the last axis, with random non-unit scale and a bias. */
  layerNorm(input: string, param: string): string {
    const { b, o } = this;
    const scale = b.floatInitializer(this.paramName(`${param}.weight`), [o.hidden], this.weights.uniform(o.hidden, 0.5, 1));
    const bias = b.floatInitializer(this.paramName(`${param}.bias`), [o.hidden], this.weights.uniform(o.hidden, 0.1));
    return b.op('LayerNormalization', [input, scale, bias], { axis: -1, epsilon: { float: o.rmsEpsilon } });
  }

  /** x / sqrt(mean(x^2) + eps) * g, with a random non-unit scale g. */
  rmsNorm(input: string, param: string): string {
    const { b } = this;
    // HF's RMSNorm computes in float32 (`x.float()` ... `.to(dtype)`): TorchScript keeps both Casts,
    // so in a half-precision graph the norm is a float32 island with float32 constants.
    const torchscript = b.style === 'torchscript';
    const inner = torchscript ? DataType.FLOAT : b.computeType;
    const scalar = (value: number): string => b.constant([value], [], inner);
    const x = torchscript ? b.op('Cast', [input], { to: DataType.FLOAT }) : input;
    const squared = b.op('Pow', [x, scalar(2)]);
    const mean = b.style === 'dynamo'
      ? b.op('ReduceMean', [squared, b.ints([-1])], { keepdims: 1 })
      : b.op('ReduceMean', [squared], { axes: [-1], keepdims: 1 });
    const root = b.op('Sqrt', [b.op('Add', [mean, scalar(this.o.rmsEpsilon)])]);
    const inverse = b.style === 'dynamo' ? b.op('Reciprocal', [root]) : b.op('Div', [scalar(1), root]);
    const product = b.op('Mul', [x, inverse]);
    const normalized = torchscript ? b.op('Cast', [product], { to: b.computeType }) : product;
    const scale = b.floatInitializer(this.paramName(`${param}.weight`), [this.o.hidden], this.weights.uniform(this.o.hidden, 0.5, 1));
    return b.op('Mul', [scale, normalized]);
  }

  /** x W (+ bias): [in, out] named weight (TorchScript) or anonymous [out, in] weight through a Transpose (dynamo). */
  linear(x: string, param: string, inSize: number, outSize: number, bias = false): string {
    const { b } = this;
    const values = this.weights.uniform(inSize * outSize, this.o.weightScale);
    const weight = b.style === 'dynamo'
      ? b.op('Transpose', [b.floatInitializer(null, [outSize, inSize], values)], { perm: [1, 0] })
      : b.floatInitializer(`${param}.weight`, [inSize, outSize], values);
    const product = b.op('MatMul', [x, weight]);
    if (!bias) return product;
    const biasValues = this.weights.uniform(outSize, this.o.weightScale);
    return b.op('Add', [product, b.floatInitializer(this.paramName(`${param}.bias`), [outSize], biasValues)]);
  }

  paramName(name: string): string | null {
    return this.b.style === 'dynamo' && !name.includes('norm') ? null : name;
  }

  /** q * cos + rotate_half(q) * sin over the last axis. */
  rotary(x: string, side: SideValues): string {
    const { b } = this;
    if (!side.cos || !side.sin) return x;
    const half = this.headDim / 2;
    const first = b.op('Slice', [x, b.ints([0]), b.ints([half]), b.ints([-1])]);
    const second = b.op('Slice', [x, b.ints([half]), b.ints([this.headDim]), b.ints([-1])]);
    const rotated = b.op('Concat', [b.op('Neg', [second]), first], { axis: -1 });
    return b.op('Add', [b.op('Mul', [x, side.cos]), b.op('Mul', [rotated, side.sin])]);
  }

  /** [B, T, heads*d] -> [B, heads, T, d]. */
  splitHeads(x: string, heads: number): string {
    const { b } = this;
    return b.op('Transpose', [b.op('Reshape', [x, b.ints([0, 0, heads, this.headDim])])], { perm: [0, 2, 1, 3] });
  }

  /** [B, kv, S, d] -> [B, heads, S, d] by repeating each kv head (grouped-query attention). */
  repeatKv(x: string): string {
    const repeats = this.o.heads / this.o.kvHeads;
    if (repeats === 1) return x;
    const { b } = this;
    const expanded = b.op('Expand', [b.op('Unsqueeze', [x, b.ints([2])]), b.ints([1, 1, repeats, 1, 1])]);
    return b.op('Reshape', [expanded, b.ints([0, this.o.heads, -1, this.headDim])]);
  }

  /** A scalar in the compute type. */
  floatConstant(value: number): string {
    return this.b.floatScalar(value);
  }
}
