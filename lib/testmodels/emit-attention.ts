import type { DecoderEmitter, SideValues } from './decoder-emitter.ts';

export interface PastInputs {
  key: string;
  value: string;
  presentKey: string;
  presentValue: string;
}

/** Llama self-attention (RoPE, causal mask, optional GQA and past); returns x + attn(norm(x)). */
export function emitAttention(e: DecoderEmitter, x: string, layer: number, side: SideValues, past: PastInputs | null): string {
  const { b, o } = e;
  const prefix = `model.layers.${layer}`;
  b.scope = `/model/layers.${layer}/input_layernorm`;
  const h = e.norm(x, `${prefix}.input_layernorm`);
  const kvWidth = o.kvHeads * e.headDim;
  const project = (name: string, width: number): string => {
    b.scope = `/model/layers.${layer}/self_attn/${name}`;
    return e.linear(h, `${prefix}.self_attn.${name}`, o.hidden, width);
  };
  const q = project('q_proj', o.hidden);
  const k = project('k_proj', kvWidth);
  const v = project('v_proj', kvWidth);
  b.scope = `/model/layers.${layer}/self_attn`;
  const queries = e.rotary(e.splitHeads(q, o.heads), side);
  let keys = e.rotary(e.splitHeads(k, o.kvHeads), side);
  let values = e.splitHeads(v, o.kvHeads);
  if (past) {
    keys = b.node('Concat', [past.key, keys], { axis: 2 })[0];
    values = b.node('Concat', [past.value, values], { axis: 2 })[0];
    b.node('Identity', [keys], {}, 1, [past.presentKey]);
    b.node('Identity', [values], {}, 1, [past.presentValue]);
  }
  const scores = b.op('MatMul', [queries, b.op('Transpose', [e.repeatKv(keys)], { perm: [0, 1, 3, 2] })]);
  const scaled = b.op('Mul', [scores, e.floatConstant(1 / Math.sqrt(e.headDim))]);
  const probabilities = b.op('Softmax', [b.op('Add', [scaled, side.mask])], { axis: -1 });
  const context = b.op('Transpose', [b.op('MatMul', [probabilities, e.repeatKv(values)])], { perm: [0, 2, 1, 3] });
  const merged = b.op('Reshape', [context, side.hiddenShape ?? b.ints([0, 0, o.hidden])]);
  b.scope = `/model/layers.${layer}/self_attn/o_proj`;
  const out = e.linear(merged, `${prefix}.self_attn.o_proj`, o.hidden, o.hidden);
  b.scope = `/model/layers.${layer}`;
  return b.op('Add', [x, out]);
}
