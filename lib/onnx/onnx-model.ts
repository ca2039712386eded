import type { ModelProto } from './onnx-types.ts';

/** A decoded model plus where it came from (external data resolves against `baseDir`). */
export interface OnnxModel {
  proto: ModelProto;
  /** Folder external data locations resolve against; null for a model decoded from bytes alone. */
  baseDir: string | null;
  /** File the model was loaded from, if any. */
  path: string | null;
}
