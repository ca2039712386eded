import fs from 'node:fs';
import { Readable } from 'node:stream';
import { storePaths } from '../store/store-paths.ts';
import { notFound } from './http-error.ts';

/** Streams a stored file (path relative to the data folder) as an attachment. */
export function fileDownload(dataDir: string, relative: string, downloadName: string): Response {
  const absolute = storePaths.absolute(dataDir, relative);
  if (!fs.existsSync(absolute)) throw notFound(`the stored file ${relative} is missing`);
  const body = Readable.toWeb(fs.createReadStream(absolute)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(fs.statSync(absolute).size),
      'content-disposition': `attachment; filename="${downloadName}"`,
    },
  });
}
