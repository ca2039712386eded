import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/prisma-client.ts';
import { registerModel } from '../api/models/register-model.ts';
import { badRequest } from './http-error.ts';
import { multipartBoundary } from './multipart/multipart-boundary.ts';
import { MultipartError, streamMultipart, type MultipartResult } from './multipart/stream-multipart.ts';
import { safeFileName, withUploadFolder } from './upload-folder.ts';

/** Model and external data keep their names side by side (the model finds its data by name); the rest apart. */
function uploadTarget(folder: string) {
  return (field: string, filename: string, index: number): string => {
    if (field === 'file') return path.join(folder, 'model', safeFileName(filename, 'model.onnx'));
    if (field === 'externalData') return path.join(folder, 'model', safeFileName(filename, 'model.onnx.data'));
    if (field === 'tokenizer') return path.join(folder, 'tokenizer', 'tokenizer.json');
    return path.join(folder, 'other', String(index));
  };
}

async function receive(request: Request, folder: string): Promise<MultipartResult> {
  const boundary = multipartBoundary(request.headers.get('content-type'));
  if (!boundary || !request.body) throw badRequest('send the model as multipart/form-data with a "file" field');
  try {
    return await streamMultipart(request.body, boundary, { fileTarget: uploadTarget(folder) });
  } catch (error) {
    if (error instanceof MultipartError) throw badRequest(error.message);
    throw error;
  }
}

function checkTokenizer(file: string): void {
  try {
    JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw badRequest('"tokenizer" must be a tokenizer.json file (valid JSON)');
  }
}

/**
 * POST /api/models: the multipart body is streamed into a temporary folder in the data folder,
 * registerModel validates and copies the files into the store, and the temporary folder is
 * always removed, so a refused or broken upload leaves nothing behind.
 */
export async function uploadModel(db: Db, dataDir: string, request: Request): Promise<string> {
  return withUploadFolder(dataDir, async (folder) => {
    const { fields, files } = await receive(request, folder);
    const model = files.get('file');
    if (!model || model.size === 0) throw badRequest('"file" (the ONNX model) is required');
    const tokenizer = files.get('tokenizer');
    if (tokenizer) checkTokenizer(tokenizer.path);
    try {
      return await registerModel(db, dataDir, { modelPath: model.path, tokenizerPath: tokenizer?.path, name: fields.get('name')?.trim() || undefined });
    } catch (error) {
      throw badRequest(String(error instanceof Error ? error.message : error).replaceAll(folder + path.sep, '').replaceAll(folder, ''));
    }
  });
}
