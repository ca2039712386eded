import { closeSync, openSync, readSync } from 'node:fs';
import { externalDataRef, isExternalTensor, resolveExternalDataPath } from '../onnx/external-data.ts';
import type { OnnxModel } from '../onnx/onnx-model.ts';
import type { ModelProto, NodeProto, TensorProto } from '../onnx/onnx-types.ts';
import { tensorBytes } from '../onnx/tensor-data.ts';

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
  if (!isExternalTensor(a) && !isExternalTensor(b)) return Buffer.from(tensorBytes(sa, a)).equals(Buffer.from(tensorBytes(sb, b)));
  const ra = rangeOf(sa, a);
  const rb = rangeOf(sb, b);
  if (ra.length !== rb.length) return false;
  for (let done = 0; done < ra.length; done += CHUNK) {
    const n = Math.min(CHUNK, ra.length - done);
    if (!ra.read(done, n).equals(rb.read(done, n))) return false;
  }
  return true;
}

/** A tensor's bytes as a readable range: its external file range, or its inline bytes. */
function rangeOf(source: OnnxModel, tensor: TensorProto): { length: number; read(offset: number, count: number): Buffer } {
  if (!isExternalTensor(tensor)) {
    const bytes = Buffer.from(tensorBytes(source, tensor));
    return { length: bytes.length, read: (offset, count) => bytes.subarray(offset, offset + count) };
  }
  const ref = externalDataRef(tensor);
  const file = resolveExternalDataPath(source.baseDir as string, ref.location, tensor.name);
  const length = ref.length ?? 0;
  return {
    length,
    read(offset, count) {
      const buffer = Buffer.allocUnsafe(count);
      const fd = openSync(file, 'r');
      try {
        let done = 0;
        while (done < count) {
          const n = readSync(fd, buffer, done, count - done, ref.offset + offset + done);
          if (n === 0) throw new Error(`external data of tensor "${tensor.name}" ends early`);
          done += n;
        }
      } finally {
        closeSync(fd);
      }
      return buffer;
    },
  };
}
