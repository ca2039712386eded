import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCalibrationSet } from '../lib/api/calibration/create-calibration-set.ts';
import { registerModel, type ModelLineage } from '../lib/api/models/register-model.ts';
import { createPrismaClient } from '../lib/db/prisma-client.ts';
import { demoCalibrationTokens, DEMO_SEQ_LEN } from '../lib/api/calibration/demo-calibration.ts';

const demoFile = (name: string) => fileURLToPath(new URL(`../models/demo/${name}`, import.meta.url));

/**
 * The bundled models, both from one training run (models/demo/README.md): the parent as trained,
 * with attention in every layer, where a user's own model would start, and the demo derived from
 * it (attention removed from blocks 12-19, healed by distillation), linked to it. The parent comes
 * first so that the demo can name it.
 */
export const DEMO_MODELS = [
  { file: demoFile('parent-decoder.onnx'), name: 'demo parent (attention in all layers)', derivedFrom: null },
  {
    file: demoFile('demo-decoder.onnx'), name: 'demo byte-level decoder',
    derivedFrom: { name: 'demo parent (attention in all layers)', lineage: { kind: 'attention-removed', blocks: [[12, 19]], note: 'healed by distillation' } as ModelLineage },
  },
] as const;

/**
 * Registers each bundled model that is not registered yet, with the demo calibration set, on
 * start: a database that already holds the demo gets the parent added by the next start.
 */
export async function loadDemoModel(databaseUrl: string, dataDir: string, log: (line: string) => void): Promise<void> {
  const present = DEMO_MODELS.filter((m) => fs.existsSync(m.file));
  if (present.length === 0) {
    log('no demo model in models/demo: starting without one');
    return;
  }
  const db = createPrismaClient(databaseUrl, 2);
  try {
    for (const { file, name, derivedFrom } of present) {
      const parent = derivedFrom ? await db.model.findFirst({ where: { isDemo: true, name: derivedFrom.name } }) : null;
      const existing = await db.model.findFirst({ where: { isDemo: true, name } });
      if (existing) {
        // a database from before the parent was bundled: link the demo now
        if (parent && derivedFrom && !existing.parentId) {
          await db.model.update({ where: { id: existing.id }, data: { parentId: parent.id, lineage: derivedFrom.lineage as object } });
        }
        continue;
      }
      const modelId = await registerModel(db, dataDir, {
        modelPath: file, name, isDemo: true, parentId: parent?.id, lineage: parent ? derivedFrom?.lineage : undefined,
      });
      await createCalibrationSet(db, dataDir, {
        modelId,
        name: 'demo calibration text (Python sources)',
        source: 'demo',
        tokenDtype: 'uint8',
        tokens: demoCalibrationTokens(),
        seqLen: DEMO_SEQ_LEN,
      });
      log(`${name} loaded`);
    }
  } finally {
    await db.$disconnect();
  }
}
