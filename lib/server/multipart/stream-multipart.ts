import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';

export interface SavedFile {
  /** The name the client gave. */
  filename: string;
  path: string;
  size: number;
}

export interface MultipartResult {
  fields: Map<string, string>;
  files: Map<string, SavedFile>;
}

export interface MultipartOptions {
  /** Where a file part goes; its content is written there as it arrives. */
  fileTarget: (field: string, filename: string, index: number) => string;
  /** Largest text field kept, in bytes. */
  maxFieldBytes?: number;
}

export class MultipartError extends Error {}

/**
 * Reads a multipart/form-data body as a stream (busboy): file parts are written straight to
 * disk, so an upload is never held in memory whole; file parts without a file name are skipped.
 * Throws MultipartError when the body is cut short or malformed, or a text field is too long.
 */
export async function streamMultipart(body: ReadableStream<Uint8Array>, boundary: string, options: MultipartOptions): Promise<MultipartResult> {
  const result: MultipartResult = { fields: new Map(), files: new Map() };
  const parser = busboy({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, limits: { fieldSize: options.maxFieldBytes ?? 1_048_576 } });
  const writes: Array<Promise<void>> = [];
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) reject(new MultipartError(`the form field "${name}" is too long`));
      else result.fields.set(name, value);
    });
    parser.on('file', (name, stream, info) => {
      if (!info.filename) { stream.resume(); return; }
      const saved: SavedFile = { filename: info.filename, path: options.fileTarget(name, info.filename, writes.length), size: 0 };
      fs.mkdirSync(path.dirname(saved.path), { recursive: true });
      stream.on('data', (chunk: Buffer) => { saved.size += chunk.length; });
      const write = pipeline(stream, fs.createWriteStream(saved.path)).then(() => { result.files.set(name, saved); });
      write.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
      writes.push(write);
    });
    parser.on('close', resolve);
    parser.on('error', reject);
  });
  const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  try {
    await Promise.all([pipeline(source, parser), parsed]);
    await Promise.all(writes);
    return result;
  } catch (error) {
    source.destroy();
    throw asMultipartError(error);
  }
}

/** Errors of the body itself become MultipartError; file-system errors stay what they are. */
function asMultipartError(error: unknown): unknown {
  if (error instanceof MultipartError || (error instanceof Error && 'syscall' in error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end/i.test(message)) return new MultipartError('the multipart body ended before its closing boundary: the upload was cut short');
  return new MultipartError(`the multipart body could not be read: ${message}`);
}
