import { renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { encodeModel } from '../onnx/encode-model.ts';
import { testDecoderGraph } from './build-test-decoder.ts';
import { checkDiskRoom } from './disk-room.ts';
import { ExternalDataLayout } from './external-data-layout.ts';
import type { TestDecoderOptions } from './test-decoder-options.ts';
import { writePlannedTensors, type DataWriteOptions } from './write-planned-tensors.ts';

/** A test decoder laid out for writing: its encoded graph and where each weight goes in the data file. */
export interface TestDecoderFiles {
  path: string;
  /** `<path>.data`, or null when every tensor is small enough to stay inline. */
  dataPath: string | null;
  graph: Uint8Array;
  layout: ExternalDataLayout;
  parameterCount: number;
}

/**
 * Lays the test decoder out for `path` without generating a weight: the graph refers to offsets in
 * `<path>.data`, in the layout saveOnnxModel writes (so the files equal
 * `writeTestDecoder(path, { externalData: true })` byte for byte).
 */
export function planTestDecoderFiles(path: string, options: TestDecoderOptions): TestDecoderFiles {
  const target = resolve(path);
  const layout = new ExternalDataLayout(basename(`${target}.data`));
  const { proto, parameterCount } = testDecoderGraph(options, layout);
  return { path: target, dataPath: layout.tensors.length > 0 ? `${target}.data` : null, graph: encodeModel(proto), layout, parameterCount };
}

/**
 * Writes a test decoder of any size with memory bounded by two chunks of weights: the graph to
 * `path`, every weight of at least 1 KiB generated straight into `<path>.data`. Refuses before
 * writing when the disk lacks room. Both files are written under temporary names and renamed
 * at the end; on any failure (or abort) neither a temporary nor a half-made file is left.
 */
export async function streamTestDecoder(path: string, options: TestDecoderOptions, write: DataWriteOptions = {}): Promise<TestDecoderFiles> {
  const files = planTestDecoderFiles(path, options);
  checkDiskRoom(dirname(files.path), files.graph.byteLength + files.layout.byteLength, 'the model');
  await writeTestDecoderFiles(files, write);
  return files;
}

export async function writeTestDecoderFiles(files: TestDecoderFiles, write: DataWriteOptions = {}): Promise<void> {
  const suffix = `.tmp-${process.pid}-${Date.now()}`;
  const modelTemp = files.path + suffix;
  const dataTemp = files.dataPath === null ? null : files.dataPath + suffix;
  let dataInPlace = false;
  try {
    await writeFile(modelTemp, files.graph, { flag: 'wx' });
    if (dataTemp !== null && files.dataPath !== null) {
      await writePlannedTensors(files.layout, dataTemp, write);
      renameSync(dataTemp, files.dataPath);
      dataInPlace = true;
    }
    renameSync(modelTemp, files.path);
  } catch (error) {
    rmSync(modelTemp, { force: true });
    if (dataTemp !== null) rmSync(dataTemp, { force: true });
    // The data file is renamed first: without its graph it is only a partial model.
    if (dataInPlace && files.dataPath !== null) rmSync(files.dataPath, { force: true });
    throw error;
  }
}
