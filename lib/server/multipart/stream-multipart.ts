import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parsePartHeaders, type PartHeaders } from './part-headers.ts';

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

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

type Sink = { kind: 'file'; stream: fs.WriteStream; saved: SavedFile; field: string } | { kind: 'field'; field: string; chunks: Buffer[]; size: number } | { kind: 'skip' };

class MultipartError extends Error {}

/**
 * Reads a multipart/form-data body as a stream: file parts are written straight to disk, so an
 * upload is never held in memory whole. Throws MultipartError when the body is cut short or malformed.
 */
export async function streamMultipart(body: ReadableStream<Uint8Array>, boundary: string, options: MultipartOptions): Promise<MultipartResult> {
  const reader = new MultipartReader(boundary, options);
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) await reader.push(Buffer.from(chunk));
    return reader.finish();
  } catch (error) {
    await reader.abort();
    throw error;
  }
}

export { MultipartError };

class MultipartReader {
  private buffer: Buffer = Buffer.alloc(0);
  private state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  private sink: Sink | null = null;
  private readonly delimiter: Buffer;
  private readonly first: Buffer;
  private readonly result: MultipartResult = { fields: new Map(), files: new Map() };
  private fileCount = 0;
  private writeError: Error | null = null;

  constructor(boundary: string, private readonly options: MultipartOptions) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
    this.first = Buffer.from(`--${boundary}`);
  }

  async push(chunk: Buffer): Promise<void> {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (await this.step());
  }

  finish(): MultipartResult {
    if (this.state !== 'done') throw new MultipartError('the multipart body ended before its closing boundary: the upload was cut short');
    return this.result;
  }

  async abort(): Promise<void> {
    if (this.sink?.kind === 'file') { this.sink.stream.destroy(); }
    this.sink = null;
  }

  /** Consumes what it can; true when it made progress and may make more. */
  private async step(): Promise<boolean> {
    if (this.state === 'preamble') return this.readPreamble();
    if (this.state === 'headers') return this.readHeaders();
    if (this.state === 'body') return this.readBody();
    return false;
  }

  private readPreamble(): boolean {
    const at = this.buffer.indexOf(this.first);
    if (at < 0) return false;
    this.buffer = this.buffer.subarray(at + this.first.length);
    this.state = 'headers';
    return true;
  }

  private readHeaders(): boolean {
    if (this.buffer.length < 2) return false;
    if (this.buffer.subarray(0, 2).toString() === '--') { this.state = 'done'; return false; }
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0) {
      if (this.buffer.length > 16_384) throw new MultipartError('a multipart part has over 16 KiB of headers');
      return false;
    }
    const block = this.buffer.subarray(CRLF.length, end).toString('utf8');
    this.buffer = this.buffer.subarray(end + HEADER_END.length);
    this.sink = this.openSink(parsePartHeaders(block));
    this.state = 'body';
    return true;
  }

  private async readBody(): Promise<boolean> {
    const at = this.buffer.indexOf(this.delimiter);
    if (at < 0) {
      const keep = this.delimiter.length - 1;
      if (this.buffer.length > keep) {
        await this.write(this.buffer.subarray(0, this.buffer.length - keep));
        this.buffer = this.buffer.subarray(this.buffer.length - keep);
      }
      return false;
    }
    await this.write(this.buffer.subarray(0, at));
    await this.closeSink();
    this.buffer = this.buffer.subarray(at + this.delimiter.length);
    this.state = 'headers';
    return true;
  }

  private openSink(headers: PartHeaders | null): Sink {
    if (!headers) return { kind: 'skip' };
    if (headers.filename !== null) {
      if (headers.filename === '') return { kind: 'skip' };
      const target = this.options.fileTarget(headers.name, headers.filename, this.fileCount++);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const stream = fs.createWriteStream(target);
      stream.on('error', (error) => { this.writeError ??= error; });
      return { kind: 'file', field: headers.name, stream, saved: { filename: headers.filename, path: target, size: 0 } };
    }
    return { kind: 'field', field: headers.name, chunks: [], size: 0 };
  }

  private async write(data: Buffer): Promise<void> {
    if (!this.sink || data.length === 0) return;
    if (this.writeError) throw this.writeError;
    if (this.sink.kind === 'file') {
      this.sink.saved.size += data.length;
      if (!this.sink.stream.write(data)) await once(this.sink.stream, 'drain');
    } else if (this.sink.kind === 'field') {
      this.sink.size += data.length;
      if (this.sink.size > (this.options.maxFieldBytes ?? 1_048_576)) throw new MultipartError(`the form field "${this.sink.field}" is too long`);
      this.sink.chunks.push(Buffer.from(data));
    }
  }

  private async closeSink(): Promise<void> {
    const sink = this.sink;
    this.sink = null;
    if (sink?.kind === 'file') {
      sink.stream.end();
      await once(sink.stream, 'close');
      if (this.writeError) throw this.writeError;
      this.result.files.set(sink.field, sink.saved);
    } else if (sink?.kind === 'field') {
      this.result.fields.set(sink.field, Buffer.concat(sink.chunks).toString('utf8'));
    }
  }
}
