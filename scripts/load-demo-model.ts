import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCalibrationSet } from '../lib/api/calibration/create-calibration-set.ts';
import { registerModel } from '../lib/api/models/register-model.ts';
import { createPrismaClient } from '../lib/db/prisma-client.ts';
import { demoCalibrationTokens, DEMO_SEQ_LEN } from '../lib/api/calibration/demo-calibration.ts';

const demoFile = (name: string) => fileURLToPath(new URL(`../models/demo/${name}`, import.meta.url));

/**
 * The bundled models, both from one training run (models/demo/README.md): the pruned demo, and
 * its parent as trained, with attention in every layer, where a user's own model would start.
 * The schema has no field for a model's lineage yet (issue 18 adds it), so the parent is only
 * told apart by its name.
 */
export const DEMO_MODELS = [
  { file: demoFile('demo-decoder.onnx'), name: 'demo byte-level decoder' },
  { file: demoFile('parent-decoder.onnx'), name: 'demo parent (attention in all layers)' },
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
    for (const { file, name } of present) {
      if (await db.model.findFirst({ where: { isDemo: true, name } })) continue;
      const modelId = await registerModel(db, dataDir, { modelPath: file, name, isDemo: true });
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
