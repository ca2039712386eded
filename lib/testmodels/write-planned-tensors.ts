import { open, type FileHandle } from 'node:fs/promises';
import type { ExternalDataLayout } from './external-data-layout.ts';
import { encodeFloats, floatTypeBytes } from './weight-precision.ts';
import { fillWeightValues, weightCount } from './weight-values.ts';

export interface DataWriteProgress {
  written: number;
  total: number;
}

export interface DataWriteOptions {
  /** Values generated per chunk (default 4 Mi, 16 MiB of float32): what bounds memory, whatever the tensor's size. */
  chunkElements?: number;
  /** Called after each chunk reaches the file; an exception here stops the write. */
  onProgress?: (progress: DataWriteProgress) => void;
  /** Aborting stops the write before the next chunk. */
  signal?: AbortSignal;
}

const DEFAULT_CHUNK_ELEMENTS = 4 * 2 ** 20;

/**
 * Generates every tensor of `layout` and writes it at its offset in `file` (created, never
 * overwritten), chunk by chunk: one chunk is generated while the previous one is being written,
 * so memory holds two chunks whatever the model's size. Returns once the data is on disk.
 * The alignment gaps between tensors are left as holes, which read as zeros.
 */
export async function writePlannedTensors(layout: ExternalDataLayout, file: string, options: DataWriteOptions = {}): Promise<void> {
  const largest = Math.max(0, ...layout.tensors.map((t) => weightCount(t.values)));
  const chunk = Math.min(options.chunkElements ?? DEFAULT_CHUNK_ELEMENTS, largest);
  if (!(chunk > 0) && layout.tensors.length > 0) throw new RangeError(`chunkElements must be a positive number, got ${options.chunkElements}`);
  const values = [new Float32Array(chunk), new Float32Array(chunk)];
  const encoded = [new Uint16Array(chunk), new Uint16Array(chunk)];
  const total = layout.tensors.reduce((sum, t) => sum + t.byteLength, 0);
  let written = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let slot = 0;
  const handle = await open(file, 'wx');
  try {
    for (const tensor of layout.tensors) {
      const count = weightCount(tensor.values);
      const elementBytes = floatTypeBytes(tensor.dataType);
      for (let start = 0; start < count; start += chunk) {
        options.signal?.throwIfAborted();
        const part = values[slot].subarray(0, Math.min(chunk, count - start));
        fillWeightValues(tensor.values, start, part);
        const bytes = encodeFloats(part, tensor.dataType, encoded[slot]);
        await inFlight;
        inFlight = writeFully(handle, bytes, tensor.offset + start * elementBytes).then(() => {
          written += bytes.byteLength;
          options.onProgress?.({ written, total });
        });
        slot ^= 1;
      }
    }
    await inFlight;
    await handle.datasync();
  } finally {
    // A failed chunk must not leave its sibling's write running against a closed file.
    await inFlight.catch(() => undefined);
    await handle.close();
  }
}

async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, position + done);
    done += bytesWritten;
  }
}
