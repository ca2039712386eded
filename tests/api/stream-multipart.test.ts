import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { multipartBoundary } from '../../lib/server/multipart/multipart-boundary.ts';
import { MultipartError, streamMultipart } from '../../lib/server/multipart/stream-multipart.ts';

async function encoded(form: FormData): Promise<{ bytes: Buffer; boundary: string }> {
  const request = new Request('http://x/', { method: 'POST', body: form });
  return { bytes: Buffer.from(await request.arrayBuffer()), boundary: multipartBoundary(request.headers.get('content-type'))! };
}

function chunked(bytes: Buffer, sizes: () => number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) { controller.close(); return; }
      const n = sizes();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + n)));
      at += n;
    },
  });
}

describe('streaming multipart parser', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'multipart-'));
  const target = (field: string, _name: string, index: number) => path.join(dir, `${crypto.randomUUID()}-${index}-${field}`);
  const model = crypto.randomBytes(300_000);
  model.write('\r\n--', 1000);

  it('writes file parts to disk and keeps text fields, whatever the chunking', async () => {
    const form = new FormData();
    form.set('name', 'my model ✓');
    form.set('file', new Blob([model]), 'model.onnx');
    form.set('tokenizer', new Blob(['{"a":1}']), 'tokenizer.json');
    form.set('externalData', new Blob([]), '');
    const { bytes, boundary } = await encoded(form);
    for (const sizes of [() => bytes.length, () => 1 + Math.floor(Math.random() * 7), () => 65_536, () => 1 + Math.floor(Math.random() * 5000)]) {
      const result = await streamMultipart(chunked(bytes, sizes), boundary, { fileTarget: target });
      expect(result.fields.get('name')).toBe('my model ✓');
      const file = result.files.get('file')!;
      expect(file.filename).toBe('model.onnx');
      expect(file.size).toBe(model.length);
      expect(fs.readFileSync(file.path).equals(model)).toBe(true);
      expect(fs.readFileSync(result.files.get('tokenizer')!.path, 'utf8')).toBe('{"a":1}');
      expect(result.files.has('externalData')).toBe(false);
    }
  });

  it('refuses a body cut short', async () => {
    const form = new FormData();
    form.set('file', new Blob([model]), 'model.onnx');
    const { bytes, boundary } = await encoded(form);
    await expect(streamMultipart(chunked(bytes.subarray(0, 100_000), () => 4096), boundary, { fileTarget: target })).rejects.toBeInstanceOf(MultipartError);
  });

  it('reads the boundary from the content type', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc')).toBe('----abc');
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/json')).toBeNull();
  });
});
