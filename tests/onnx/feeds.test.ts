import { describe, expect, it } from 'vitest';
import { buildModelFeeds } from '../../lib/onnx/build-model-feeds.ts';
import type { ModelInputSpec } from '../../lib/onnx/decoder-structure.ts';

describe('buildModelFeeds', () => {
  const inputs: ModelInputSpec[] = [
    { name: 'input_ids', role: 'input_ids', elemType: 'int64', dims: ['batch', 'seq'] },
    { name: 'attention_mask', role: 'attention_mask', elemType: 'int64', dims: ['batch', 'total'] },
    { name: 'position_ids', role: 'position_ids', elemType: 'int32', dims: ['batch', 'seq'] },
    { name: 'past_key_values.0.key', role: 'past_key_values', elemType: 'float32', dims: ['batch', 2, 'past', 8] },
  ];

  it('feeds tokens, a ones mask, arange positions and an empty past', () => {
    const feeds = buildModelFeeds(inputs, BigInt64Array.from([5n, 6n, 7n, 8n, 9n, 10n]), 2, 3);
    expect(Array.from(feeds.input_ids.data as BigInt64Array)).toEqual([5n, 6n, 7n, 8n, 9n, 10n]);
    expect(feeds.input_ids.dims).toEqual([2, 3]);
    expect(Array.from(feeds.attention_mask.data as BigInt64Array)).toEqual([1n, 1n, 1n, 1n, 1n, 1n]);
    expect(feeds.position_ids.type).toBe('int32');
    expect(Array.from(feeds.position_ids.data as Int32Array)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(feeds['past_key_values.0.key'].dims).toEqual([2, 2, 0, 8]);
  });

  it('refuses inputs it cannot feed and a token count that does not fit', () => {
    const other: ModelInputSpec = { name: 'pixel_values', role: 'other', elemType: 'float32', dims: ['batch', 3] };
    expect(() => buildModelFeeds([other], new Int32Array(2), 1, 2)).toThrow(`don't know how to feed model input "pixel_values"`);
    expect(() => buildModelFeeds(inputs, new Int32Array(5), 2, 3)).toThrow('got 5 tokens for batch 2 x sequence length 3');
  });
});
