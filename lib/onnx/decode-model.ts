import protobuf from 'protobufjs';
import { ModelProtoType } from './onnx-schema.ts';
import type { ModelProto } from './onnx-types.ts';

/**
 * Decodes ModelProto bytes. Bytes fields (raw_data) are views into `bytes`, not copies.
 * Fields the schema does not declare are kept (as raw bytes) and written back by `encodeModel`.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const reader = protobuf.Reader.create(bytes);
  reader.discardUnknown = false;
  return ModelProtoType.decode(reader) as unknown as ModelProto;
}
