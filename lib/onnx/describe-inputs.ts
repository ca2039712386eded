import { elemTypeName } from './data-types.ts';
import type { ModelInputSpec } from './decoder-structure.ts';
import type { GraphIndex } from './graph-index.ts';
import { int64ToNumber } from './int64.ts';
import type { ValueInfoProto } from './onnx-types.ts';

/** The model's inputs with their roles; `inputIds` is the input found feeding the embedding. */
export function describeInputs(index: GraphIndex, inputIds: string | null): ModelInputSpec[] {
  return (index.graph.input ?? [])
    .filter((v) => index.graphInputs.has(v.name ?? ''))
    .map((v) => ({ name: v.name ?? '', role: inputRole(v.name ?? '', inputIds), elemType: elemType(v), dims: dims(v) }));
}

function inputRole(name: string, inputIds: string | null): ModelInputSpec['role'] {
  if (name === inputIds) return 'input_ids';
  if (/attention_mask/i.test(name)) return 'attention_mask';
  if (/position_ids/i.test(name)) return 'position_ids';
  if (/^past[._]|past_key_values/i.test(name)) return 'past_key_values';
  return 'other';
}

function elemType(value: ValueInfoProto): string {
  return elemTypeName(value.type?.tensorType?.elemType ?? 0);
}

function dims(value: ValueInfoProto): Array<number | string> {
  return (value.type?.tensorType?.shape?.dim ?? []).map((d) =>
    Object.hasOwn(d, 'dimValue') ? int64ToNumber(d.dimValue) : d.dimParam || '?',
  );
}
