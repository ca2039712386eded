import { getDb } from '@/lib/db/prisma-client.ts';
import { readFusedModelFile } from '@/lib/api/fusions/read-fused-model-file.ts';
import { dataDir } from '@/lib/server/data-dir.ts';
import { fileDownload } from '@/lib/server/file-download.ts';
import { notFound } from '@/lib/server/http-error.ts';
import { jsonRoute } from '@/lib/server/json-route.ts';
import { isUuid } from '@/lib/server/uuid.ts';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return jsonRoute(async () => {
    const { id } = await params;
    const found = isUuid(id) ? await readFusedModelFile(getDb(), id) : { missing: 'run' as const };
    if ('missing' in found) throw notFound(found.missing === 'run' ? `no fusion run with id ${id}` : `fusion run ${id} has no fused model (yet)`);
    return fileDownload(dataDir(), found.file, `fused-${id.slice(0, 8)}.onnx`);
  });
}
