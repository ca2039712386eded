import { int64ToNumber } from './int64.ts';
import type { ModelProto } from './onnx-types.ts';

/** The model's version of the default ONNX domain (17 when it does not say). */
export function defaultOpset(proto: ModelProto): number {
  const entry = (proto.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry?.version === undefined ? 17 : int64ToNumber(entry.version);
}
