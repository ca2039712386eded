import type { Db } from '../db/prisma-client.ts';
import type { Model } from '../db/generated/client.ts';
import type { StructureSummary } from '../onnx/decoder-structure.ts';

export interface ModelView {
  id: string;
  name: string;
  sizeBytes: number;
  sha256: string;
  isDemo: boolean;
  createdAt: string;
  structure: StructureSummary;
}

export function toModelView(m: Model): ModelView {
  return {
    id: m.id,
    name: m.name,
    sizeBytes: Number(m.sizeBytes),
    sha256: m.sha256,
    isDemo: m.isDemo,
    createdAt: m.createdAt.toISOString(),
    structure: m.structure as unknown as StructureSummary,
  };
}

export async function listModels(db: Db): Promise<ModelView[]> {
  const models = await db.model.findMany({ orderBy: { createdAt: 'desc' } });
  return models.map(toModelView);
}
