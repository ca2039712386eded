import type { Db } from '../db/prisma-client.ts';
import { registerModel } from '../api/models/register-model.ts';
import { badRequest } from './http-error.ts';
import { withUploadFolder, writeUploadedFile } from './upload-folder.ts';

function optionalFile(form: FormData, field: string): File | null {
  const value = form.get(field);
  if (value === null || value === '') return null;
  if (!(value instanceof File)) throw badRequest(`"${field}" must be a file`);
  return value.size > 0 ? value : null;
}

function optionalText(form: FormData, field: string): string | undefined {
  const value = form.get(field);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * POST /api/models: the files go to a temporary folder in the data folder, registerModel
 * validates and copies them into the store, and the temporary folder is always removed.
 */
export async function uploadModel(db: Db, dataDir: string, form: FormData): Promise<string> {
  const file = optionalFile(form, 'file');
  if (!file) throw badRequest('"file" (the ONNX model) is required');
  const externalData = optionalFile(form, 'externalData');
  const tokenizer = optionalFile(form, 'tokenizer');
  return withUploadFolder(dataDir, async (folder) => {
    const modelPath = await writeUploadedFile(folder, file, 'model.onnx');
    if (externalData) await writeUploadedFile(folder, externalData, 'model.onnx.data');
    const tokenizerPath = tokenizer ? await writeUploadedFile(folder, tokenizer, 'tokenizer.json') : undefined;
    if (tokenizerPath) await checkTokenizer(tokenizer!);
    try {
      return await registerModel(db, dataDir, { modelPath, tokenizerPath, name: optionalText(form, 'name') });
    } catch (error) {
      throw badRequest(String(error instanceof Error ? error.message : error).replaceAll(folder + '/', ''));
    }
  });
}

async function checkTokenizer(file: File): Promise<void> {
  try {
    JSON.parse(await file.text());
  } catch {
    throw badRequest('"tokenizer" must be a tokenizer.json file (valid JSON)');
  }
}

/** Why `formData()` failed, as far as the request tells. */
export function unreadableFormMessage(request: Request): string {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) return 'send the model as multipart/form-data with a "file" field';
  return 'the multipart upload could not be read whole: it was cut short (a request body limit on the way?) or is malformed';
}
