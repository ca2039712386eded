import { DataType } from '../onnx/data-types.ts';
import type { GeneratedTensors } from '../onnx/tensor-byte-source.ts';
import type { GeneratedTensor } from './generated-tensor.ts';
import { intAttr, intsAttr, NodeEmitter } from './node-emitter.ts';
import type { WideFfnTensors } from './wide-ffn-tensors.ts';

export interface WideFfnGraph {
  nodes: NodeEmitter['nodes'];
  initializers: NodeEmitter['initializers'];
  /** The wide weights and biases among `initializers`: declared without data, produced when saved. */
  generated: GeneratedTensors;
}

/**
 * Nodes computing `output = input + FFN*(input / rms(input))`: the unit-scale RMSNorm, the wide
 * projections (stored [out, in] behind a Transpose when the source did so; half-precision weights
 * behind a Cast to float32, as the source reads them) and the activation.
 */
export function emitWideFfn(ffn: WideFfnTensors, input: string, output: string, prefix: string, opset: number): WideFfnGraph {
  const e = new NodeEmitter(prefix);
  const normalized = unitRmsNorm(e, ffn, input, opset);
  const asFloat = (value: string, tensor: GeneratedTensor) => (tensor.dataType === DataType.FLOAT ? value : e.op('Cast', [value], [intAttr('to', DataType.FLOAT)]));
  const project = (name: string, x: string, weight: GeneratedTensor, bias: GeneratedTensor | null) => {
    const stored = asFloat(e.generated(`${name}.weight`, weight), weight);
    const w = ffn.transposed ? e.op('Transpose', [stored], [intsAttr('perm', [1, 0])]) : stored;
    const product = e.op('MatMul', [x, w]);
    return bias ? e.op('Add', [product, asFloat(e.generated(`${name}.bias`, bias), bias)]) : product;
  };
  const up = project('up_proj', normalized, ffn.up, ffn.upBias);
  const gate = ffn.gate ? project('gate_proj', normalized, ffn.gate, ffn.gateBias) : null;
  const activated = activation(e, ffn, gate ?? up);
  const inner = gate ? e.op('Mul', [activated, up]) : activated;
  const down = project('down_proj', inner, ffn.down, ffn.downBias);
  e.op('Add', [input, down], [], output);
  return { nodes: e.nodes, initializers: e.initializers, generated: e.generatedSources };
}

function unitRmsNorm(e: NodeEmitter, ffn: WideFfnTensors, x: string, opset: number): string {
  const squared = e.op('Pow', [x, e.scalar('norm.two', 2)]);
  // ReduceMean took its axes as an attribute until opset 18, as an input since.
  const mean = opset >= 18
    ? e.op('ReduceMean', [squared, e.ints('norm.axes', [-1])], [intAttr('keepdims', 1)])
    : e.op('ReduceMean', [squared], [intsAttr('axes', [-1]), intAttr('keepdims', 1)]);
  const root = e.op('Sqrt', [e.op('Add', [mean, e.scalar('norm.epsilon', ffn.normEpsilon)])]);
  return e.op('Mul', [x, e.op('Reciprocal', [root])]);
}

function activation(e: NodeEmitter, ffn: WideFfnTensors, x: string): string {
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
