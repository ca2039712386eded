import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../../lib/onnx/decode-model.ts';
import { encodeModel } from '../../lib/onnx/encode-model.ts';
import { isExternalTensor } from '../../lib/onnx/external-data.ts';
import { findDecoderStructure } from '../../lib/onnx/find-decoder-structure.ts';
import { readInitializerFloat32, setInitializerFloat32 } from '../../lib/onnx/initializer-access.ts';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import type { ModelProto } from '../../lib/onnx/onnx-types.ts';
import { mustUseExternalData, saveOnnxModel } from '../../lib/onnx/save-onnx-model.ts';
import { tensorToFloat32 } from '../../lib/onnx/tensor-data.ts';
import { buildModelFeeds } from '../../lib/onnx/build-model-feeds.ts';
import { buildTestDecoder, writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { makeTempDir, maxAbsDifference, runFullModel, sequenceTokens } from './helpers.ts';

const temp = makeTempDir('onnx-io');
afterAll(() => temp.cleanup());

describe('decode and encode', () => {
  it('round-trips a saved model byte for byte', () => {
    const path = join(temp.dir, 'roundtrip.onnx');
    writeTestDecoder(path, { layers: 2, hidden: 16, heads: 2, naming: 'dynamo', optimumInputs: true });
    const bytes = readFileSync(path);
    expect(Buffer.from(encodeModel(decodeModel(bytes))).equals(bytes)).toBe(true);
  });

  it('reads initializer values from anywhere in the file, aligned or not', () => {
    const model = buildTestDecoder({ layers: 2, hidden: 16, heads: 2, seed: 3 });
    const path = join(temp.dir, 'inline.onnx');
    saveOnnxModel(model, path);
    const loaded = loadOnnxModel(path);
    for (const tensor of model.proto.graph!.initializer!.filter((t) => t.dataType === 1)) {
      expect(readInitializerFloat32(loaded, tensor.name!)).toEqual(readInitializerFloat32(model, tensor.name!));
    }
  });

  it('keeps IR 10+ fields and fields the schema does not know', () => {
    const model: ModelProto = {
      irVersion: 10,
      opsetImport: [{ domain: '', version: 21 }],
      graph: {
        name: 'g',
        node: [{ name: 'n', opType: 'Relu', input: ['x'], output: ['y'], overload: 'o1', metadataProps: [{ key: 'k', value: 'v' }] }],
        input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'b' }] } } }, metadataProps: [{ key: 'a', value: 'b' }] }],
        output: [{ name: 'y', type: { tensorType: { elemType: 1 } } }],
        metadataProps: [{ key: 'graph', value: 'meta' }],
      },
      functions: [{ name: 'f', domain: 'custom', overload: 'o1', node: [] }],
    };
    (model as Record<string, unknown>).configuration = [{ name: 'cfg', numDevices: 2, device: ['a', 'b'] }];
    const unknownField = Uint8Array.from([0x98, 0x06, 0x2a]); // field 99, varint 42
    const bytes = Buffer.concat([encodeModel(model), unknownField]);
    const decoded = decodeModel(bytes);
    expect(decoded.graph!.node![0].overload).toBe('o1');
    expect(decoded.graph!.node![0].metadataProps![0]).toMatchObject({ key: 'k', value: 'v' });
    expect(decoded.graph!.metadataProps![0]).toMatchObject({ key: 'graph', value: 'meta' });
    expect(decoded.functions![0].overload).toBe('o1');
    expect((decoded as unknown as { configuration: Array<{ numDevices: number }> }).configuration[0].numDevices).toBe(2);
    expect(Buffer.from(encodeModel(decoded)).equals(bytes)).toBe(true);
  });
});

describe('external data', () => {
  it('saves large initializers to one data file, loads them lazily, and runs the same', async () => {
    const model = buildTestDecoder({ layers: 2, hidden: 32, seed: 7 });
    const path = join(temp.dir, 'external.onnx');
    const saved = saveOnnxModel(model, path, { externalData: true });
    expect(saved.externalDataPath).toBe(`${path}.data`);
    expect(statSync(path).size).toBeLessThan(64 * 1024);
    const loaded = loadOnnxModel(path);
    const external = loaded.proto.graph!.initializer!.filter(isExternalTensor);
    expect(external.length).toBeGreaterThan(10);
    const name = 'model.layers.1.mlp.down_proj.weight';
    expect(readInitializerFloat32(loaded, name)).toEqual(readInitializerFloat32(model, name));
    expect(findDecoderStructure(loaded).blocks).toHaveLength(2);
    const feeds = buildModelFeeds(findDecoderStructure(loaded), sequenceTokens(1, 6), 1, 6);
    expect(maxAbsDifference(await runFullModel(path, feeds), await runFullModel(model, feeds))).toBe(0);
    const inline = join(temp.dir, 'inline.onnx');
    expect(saveOnnxModel(loaded, inline).externalDataPath).toBeNull();
    expect(loadOnnxModel(inline).proto.graph!.initializer!.some(isExternalTensor)).toBe(false);
  });

  it('requires external data when the weights would not fit in a 2 GiB protobuf', () => {
    expect(mustUseExternalData([{ name: 'big', dims: [2 ** 27, 4], dataType: 1 }])).toBe(true);
    expect(mustUseExternalData([{ name: 'half', dims: [2 ** 27, 4], dataType: 10 }])).toBe(false);
  });

  it('saves a model over itself', () => {
    const path = join(temp.dir, 'self.onnx');
    writeTestDecoder(path, { layers: 1, hidden: 16, heads: 2, externalData: true });
    const before = readInitializerFloat32(loadOnnxModel(path), 'lm_head.weight');
    saveOnnxModel(loadOnnxModel(path), path, { externalData: true });
    expect(readInitializerFloat32(loadOnnxModel(path), 'lm_head.weight')).toEqual(before);
  });

  function modelWithLocation(name: string, location: string): string {
    const model = buildTestDecoder({ layers: 1, hidden: 16, heads: 2 });
    const tensor = model.proto.graph!.initializer!.find((t) => t.name === 'lm_head.weight')!;
    delete tensor.rawData;
    tensor.dataLocation = 1;
    tensor.externalData = [{ key: 'location', value: location }, { key: 'offset', value: '0' }, { key: 'length', value: '16384' }];
    const path = join(temp.dir, name);
    writeFileSync(path, encodeModel(model.proto));
    return path;
  }

  it('refuses a location with ..', () => {
    const path = modelWithLocation('dotdot.onnx', '../secret.data');
    expect(() => loadOnnxModel(path)).toThrow('external data location "../secret.data" of tensor "lm_head.weight" contains ".."');
  });

  it('refuses an absolute location', () => {
    const path = modelWithLocation('absolute.onnx', '/etc/hostname');
    expect(() => loadOnnxModel(path)).toThrow('external data location "/etc/hostname" of tensor "lm_head.weight" is an absolute path');
  });

  it('refuses a symbolic link leading outside the folder', async () => {
    const { symlinkSync, mkdirSync } = await import('node:fs');
    const outside = makeTempDir('outside');
    writeFileSync(join(outside.dir, 'weights.data'), new Uint8Array(16384));
    const folder = join(temp.dir, 'linked');
    mkdirSync(folder);
    symlinkSync(join(outside.dir, 'weights.data'), join(folder, 'weights.data'));
    const model = modelWithLocation('linked/model.onnx', 'weights.data');
    expect(() => loadOnnxModel(model)).toThrow(/resolves \(through a symbolic link\) to .* outside the model's folder/);
    outside.cleanup();
  });

  it('refuses a range past the end of the data file', () => {
    writeFileSync(join(temp.dir, 'short.data'), new Uint8Array(100));
    const path = modelWithLocation('short.onnx', 'short.data');
    expect(() => loadOnnxModel(path)).toThrow('tensor "lm_head.weight" wants bytes 0..16384 of short.data, which has 100 bytes');
  });
});

describe('initializer access', () => {
  it('reads float16 and writes float32 values', () => {
    const model = buildTestDecoder({ layers: 1, hidden: 16, heads: 2 });
    const half = { name: 'h', dims: [4], dataType: 10, rawData: new Uint8Array(Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff]).buffer) };
    expect(Array.from(tensorToFloat32(model, half))).toEqual([1, -2, 0.5, 65504]);
    const values = Float32Array.from({ length: 16 }, (_, i) => i);
    setInitializerFloat32(model, 'model.norm.weight', values);
    expect(readInitializerFloat32(model, 'model.norm.weight')).toEqual(values);
    expect(existsSync(temp.dir)).toBe(true);
  });
});
