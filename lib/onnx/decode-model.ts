import { ModelProtoType } from './onnx-schema.ts';
import type { ModelProto } from './onnx-types.ts';

/**
 * Decodes ModelProto bytes. Bytes fields (raw_data) are views into `bytes`, not copies.
 * Unknown fields are kept and written back by `encodeModel`.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return ModelProtoType.decode(bytes) as unknown as ModelProto;
}
