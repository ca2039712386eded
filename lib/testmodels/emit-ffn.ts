import type { DecoderEmitter } from './decoder-emitter.ts';

/** The FFN sublayer: x + down(act(gate(h)) * up(h)) (gated) or x + down(act(up(h))), h = RMSNorm(x). */
export function emitFfn(e: DecoderEmitter, x: string, layer: number): string {
  const { b, o } = e;
  const prefix = `model.layers.${layer}`;
  b.scope = `/model/layers.${layer}/post_attention_layernorm`;
  const h = e.norm(x, `${prefix}.post_attention_layernorm`);
  const project = (name: string, input: string, inSize: number, outSize: number): string => {
    b.scope = `/model/layers.${layer}/mlp/${name}`;
    return e.linear(input, `${prefix}.mlp.${name}`, inSize, outSize, o.ffnBias);
  };
  const up = project('up_proj', h, o.hidden, o.ffnWidth);
  const gate = o.gated ? project('gate_proj', h, o.hidden, o.ffnWidth) : null;
  b.scope = `/model/layers.${layer}/mlp/act_fn`;
  const activated = activation(e, gate ?? up);
  b.scope = `/model/layers.${layer}/mlp`;
  const inner = gate ? b.op('Mul', [activated, up]) : activated;
  const down = project('down_proj', inner, o.ffnWidth, o.hidden);
  b.scope = `/model/layers.${layer}`;
  return b.op('Add', [x, down]);
}

function activation(e: DecoderEmitter, x: string): string {
  const { b } = e;
  switch (e.o.activation) {
    case 'silu':
      return b.op('Mul', [x, b.op('Sigmoid', [x])]);
    case 'relu':
      return b.op('Relu', [x]);
    case 'gelu': {
      if (e.o.geluApproximation === 'tanh') {
        const cubic = b.op('Mul', [b.op('Pow', [x, e.floatConstant(3)]), e.floatConstant(0.044715)]);
        const inner = b.op('Mul', [b.op('Add', [x, cubic]), e.floatConstant(Math.sqrt(2 / Math.PI))]);
        return b.op('Mul', [b.op('Mul', [x, e.floatConstant(0.5)]), b.op('Add', [b.op('Tanh', [inner]), e.floatConstant(1)])]);
      }
      const erf = b.op('Erf', [b.op('Div', [x, e.floatConstant(Math.SQRT2)])]);
      return b.op('Mul', [b.op('Mul', [x, b.op('Add', [erf, e.floatConstant(1)])]), e.floatConstant(0.5)]);
    }
  }
}
