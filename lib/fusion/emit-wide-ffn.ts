import { intAttr, intsAttr, NodeEmitter } from './node-emitter.ts';
import type { WideFfn } from './wide-ffn.ts';

export interface WideFfnGraph {
  nodes: NodeEmitter['nodes'];
  initializers: NodeEmitter['initializers'];
}

/**
 * Nodes computing `output = input + FFN*(input / rms(input))`: the unit-scale RMSNorm, the wide
 * projections (stored [out, in] behind a Transpose when the source did so) and the activation.
 */
export function emitWideFfn(ffn: WideFfn, input: string, output: string, prefix: string, opset: number): WideFfnGraph {
  const e = new NodeEmitter(prefix);
  const normalized = unitRmsNorm(e, ffn, input, opset);
  const project = (name: string, x: string, weight: Float32Array, inSize: number, outSize: number, bias: Float32Array | null) => {
    const w = ffn.transposed
      ? e.op('Transpose', [e.floats(`${name}.weight`, [outSize, inSize], transpose(weight, inSize, outSize))], [intsAttr('perm', [1, 0])])
      : e.floats(`${name}.weight`, [inSize, outSize], weight);
    const product = e.op('MatMul', [x, w]);
    return bias ? e.op('Add', [product, e.floats(`${name}.bias`, [outSize], bias)]) : product;
  };
  const up = project('up_proj', normalized, ffn.up, ffn.hidden, ffn.width, ffn.upBias);
  const gate = ffn.gate ? project('gate_proj', normalized, ffn.gate, ffn.hidden, ffn.width, ffn.gateBias) : null;
  const activated = activation(e, ffn, gate ?? up);
  const inner = gate ? e.op('Mul', [activated, up]) : activated;
  const down = project('down_proj', inner, ffn.down, ffn.width, ffn.hidden, ffn.downBias);
  e.op('Add', [input, down], [], output);
  return { nodes: e.nodes, initializers: e.initializers };
}

function unitRmsNorm(e: NodeEmitter, ffn: WideFfn, x: string, opset: number): string {
  const squared = e.op('Pow', [x, e.scalar('norm.two', 2)]);
  // ReduceMean took its axes as an attribute until opset 18, as an input since.
  const mean = opset >= 18
    ? e.op('ReduceMean', [squared, e.ints('norm.axes', [-1])], [intAttr('keepdims', 1)])
    : e.op('ReduceMean', [squared], [intsAttr('axes', [-1]), intAttr('keepdims', 1)]);
  const root = e.op('Sqrt', [e.op('Add', [mean, e.scalar('norm.epsilon', ffn.normEpsilon)])]);
  return e.op('Mul', [x, e.op('Reciprocal', [root])]);
}

function activation(e: NodeEmitter, ffn: WideFfn, x: string): string {
  const form = ffn.form;
  switch (form.kind) {
    case 'silu':
      return e.op('Mul', [x, e.op('Sigmoid', [x])]);
    case 'relu':
      return e.op('Relu', [x]);
    case 'gelu-erf': {
      const erf = e.op('Erf', [e.op('Div', [x, e.scalar('act.sqrt2', Math.SQRT2)])]);
      return e.op('Mul', [e.op('Mul', [x, e.op('Add', [erf, e.scalar('act.one', 1)])]), e.scalar('act.half', 0.5)]);
    }
    case 'gelu-tanh': {
      const cube = e.op('Mul', [e.op('Mul', [x, x]), x]);
      const inner = e.op('Add', [x, e.op('Mul', [cube, e.scalar('act.c', 0.044715)])]);
      const t = e.op('Tanh', [e.op('Mul', [inner, e.scalar('act.k', Math.sqrt(2 / Math.PI))])]);
      return e.op('Mul', [e.op('Mul', [x, e.op('Add', [t, e.scalar('act.one', 1)])]), e.scalar('act.half', 0.5)]);
    }
    case 'op':
      return e.copyOf(form.node, x);
  }
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}
