import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

const protoText = readFileSync(new URL('./onnx.proto', import.meta.url), 'utf8');
const root = protobuf.parse(protoText).root;

/** protobufjs reflection type of onnx.ModelProto, built from the vendored onnx.proto. */
export const ModelProtoType = root.lookupType('onnx.ModelProto');
export const TensorProtoType = root.lookupType('onnx.TensorProto');
