import { decodeTokenBytes } from '@/lib/calibration/decode-token-bytes.ts';
import { formatFromPath, type TokenFileFormat } from '@/lib/calibration/token-file-format.ts';

/** Token ids of an uploaded file: .npy and .json by extension, anything else as raw `dtype` values. */
export async function readTokenUpload(file: File, rawDtype: TokenFileFormat): Promise<number[]> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { ids } = decodeTokenBytes(bytes, formatFromPath(file.name) ?? rawDtype);
  return Array.from(ids, (id) => Number(id));
}
