import { ModelProtoType } from './onnx-schema.ts';
import type { ModelProto } from './onnx-types.ts';

/** Protobuf messages cannot exceed 2 GiB; larger models must keep weights in external data. */
export const PROTOBUF_SIZE_LIMIT = 2 ** 31 - 1;

export function encodeModel(model: ModelProto): Uint8Array {
  const bytes = ModelProtoType.encode(model as never).finish();
  if (bytes.length > PROTOBUF_SIZE_LIMIT) {
    throw new Error(`encoded model is ${bytes.length} bytes, over the 2 GiB protobuf limit; save it with external data`);
  }
  return bytes;
}
