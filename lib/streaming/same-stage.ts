import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { ModelProto, NodeProto, TensorProto } from '../onnx/onnx-types.ts';
import { openTensorRangeReader } from '../onnx/tensor-range-reader.ts';

const CHUNK = 64 * 2 ** 20;

/**
 * Whether two stage models compute the same thing: the same nodes (operators, values, attributes)
 * and initializers with the same names, types, shapes and bytes. Lets two models that share a part
 * (a fused model and its source, up to the first fused range) run that part once. Data is compared
 * in chunks read from each model's own files.
 */
export function sameStage(a: { source: OnnxModel; stage: ModelProto }, b: { source: OnnxModel; stage: ModelProto }): boolean {
  const nodesA = a.stage.graph?.node ?? [];
  const nodesB = b.stage.graph?.node ?? [];
  if (nodesA.length !== nodesB.length || !nodesA.every((n, k) => sameNode(n, nodesB[k]))) return false;
  const initA = a.stage.graph?.initializer ?? [];
  const initB = new Map((b.stage.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  if (initA.length !== initB.size) return false;
  return initA.every((t) => {
    const other = initB.get(t.name ?? '');
    return other !== undefined && sameTensor(a.source, t, b.source, other);
  });
}

function sameNode(a: NodeProto, b: NodeProto): boolean {
  return a.opType === b.opType && (a.domain ?? '') === (b.domain ?? '') && JSON.stringify(a.input ?? []) === JSON.stringify(b.input ?? [])
    && JSON.stringify(a.output ?? []) === JSON.stringify(b.output ?? []) && JSON.stringify(a.attribute ?? []) === JSON.stringify(b.attribute ?? []);
}

function sameTensor(sa: OnnxModel, a: TensorProto, sb: OnnxModel, b: TensorProto): boolean {
  if (a.dataType !== b.dataType || JSON.stringify((a.dims ?? []).map(Number)) !== JSON.stringify((b.dims ?? []).map(Number))) return false;
  const ra = openTensorRangeReader(sa, a);
  const rb = openTensorRangeReader(sb, b);
  try {
    if (ra.byteLength !== rb.byteLength) return false;
    const pieceA = new Uint8Array(Math.min(CHUNK, ra.byteLength));
    const pieceB = new Uint8Array(pieceA.length);
    for (let done = 0; done < ra.byteLength; done += CHUNK) {
      const n = Math.min(CHUNK, ra.byteLength - done);
      ra.read(done, pieceA.subarray(0, n));
      rb.read(done, pieceB.subarray(0, n));
      if (!Buffer.from(pieceA.buffer, 0, n).equals(Buffer.from(pieceB.buffer, 0, n))) return false;
    }
    return true;
  } finally {
    ra.close();
    rb.close();
  }
}
