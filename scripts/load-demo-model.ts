import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCalibrationSet } from '../lib/api/calibration/create-calibration-set.ts';
import { registerModel } from '../lib/api/models/register-model.ts';
import { createPrismaClient } from '../lib/db/prisma-client.ts';
import { demoCalibrationTokens, DEMO_SEQ_LEN } from '../lib/api/calibration/demo-calibration.ts';

const DEMO_MODEL = fileURLToPath(new URL('../models/demo/demo-decoder.onnx', import.meta.url));

/** Registers the bundled demo model and its calibration set on the first start. */
export async function loadDemoModel(databaseUrl: string, dataDir: string, log: (line: string) => void): Promise<void> {
  if (!fs.existsSync(DEMO_MODEL)) {
    log('no demo model in models/demo: starting without one');
    return;
  }
  const db = createPrismaClient(databaseUrl, 2);
  try {
    if (await db.model.findFirst({ where: { isDemo: true } })) return;
    const modelId = await registerModel(db, dataDir, { modelPath: DEMO_MODEL, name: 'demo byte-level decoder', isDemo: true });
    await createCalibrationSet(db, dataDir, {
      modelId,
      name: 'demo calibration text (Python sources)',
      source: 'demo',
      tokenDtype: 'uint8',
      tokens: demoCalibrationTokens(),
      seqLen: DEMO_SEQ_LEN,
    });
    log('demo model loaded');
  } finally {
    await db.$disconnect();
  }
}
