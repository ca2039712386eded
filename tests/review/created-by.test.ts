import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../lib/auth/api-tokens.ts';
import { createPrismaClient, type Db } from '../../lib/db/prisma-client.ts';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { apiClient, createTestUser, type TestAccount } from '../support/accounts.ts';
import { seedModelWithCalibration } from '../support/seed-analysis.ts';
import { startDashboard, type RunningDashboard } from '../support/start-dashboard.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

type Listed = { id: string; createdBy: { id: string; name: string } | null };

describe('who created models, analyses and fusion runs, and lists by person', () => {
  let dashboard: RunningDashboard;
  let db: Db;
  let dataDir: string;
  let seeded: Awaited<ReturnType<typeof seedModelWithCalibration>>;
  const as: Record<string, ReturnType<typeof apiClient>> = {};
  const people: Record<string, TestAccount> = {};
  const created: Record<string, string> = {};

  beforeAll(async () => {
    const url = await createTestDatabase();
    dataDir = createTestDataDir('created-by');
    db = createPrismaClient(url, 2);
    seeded = await seedModelWithCalibration(db, dataDir, { layers: 6, hidden: 32, heads: 4, attentionFreeLayers: [2, 3, 4], seed: 5 }, 2, 16);
    dashboard = await startDashboard(url, dataDir, 1);
    for (const name of ['Ada', 'Ben']) {
      people[name] = await createTestUser(url, 'member', name);
      as[name] = apiClient(dashboard.url, { token: (await createApiToken(db, people[name]!.id, 'test')).token });
    }
  });

  afterAll(async () => {
    await dashboard?.stop();
    await db?.$disconnect();
  });

  const post = async (who: string, p: string, body: unknown) => {
    const response = await as[who]!(p, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const list = async <K extends string>(who: string, p: string, key: K) => ((await (await as[who]!(p)).json()) as Record<K, Listed[]>)[key];

  it('records the uploader, the analysis launcher and the fusion launcher', async () => {
    const file = path.join(dataDir, 'ada.onnx');
    writeTestDecoder(file, { layers: 4, hidden: 32, heads: 4, attentionFreeLayers: [1, 2], seed: 9 });
    const form = new FormData();
    form.set('file', new Blob([fs.readFileSync(file)]), 'ada.onnx');
    const upload = await as.Ada!('/api/models', { method: 'POST', body: form });
    expect(upload.status).toBe(201);
    created.model = ((await upload.json()) as { id: string }).id;
    created.analysis = await post('Ada', '/api/analyses', { modelId: seeded.modelId, calibration: { calibrationSetId: seeded.calibrationSetId } });
    created.fusion = await post('Ben', '/api/fusions', { modelId: seeded.modelId, ranges: [[2, 4]] });
    expect((await db.model.findUniqueOrThrow({ where: { id: created.model } })).createdById).toBe(people.Ada!.id);
    expect((await db.analysis.findUniqueOrThrow({ where: { id: created.analysis } })).createdById).toBe(people.Ada!.id);
    expect((await db.fusionRun.findUniqueOrThrow({ where: { id: created.fusion } })).createdById).toBe(people.Ben!.id);
  });

  it('names the creator in lists and filters by ?createdBy= (me, an email or an id)', async () => {
    const analyses = await list('Ben', '/api/analyses', 'analyses');
    expect(analyses.find((a) => a.id === created.analysis)?.createdBy).toMatchObject({ name: 'Ada' });
    expect((await list('Ada', '/api/analyses?createdBy=me', 'analyses')).map((a) => a.id)).toEqual([created.analysis]);
    expect(await list('Ben', '/api/analyses?createdBy=me', 'analyses')).toEqual([]);
    expect((await list('Ben', `/api/models?createdBy=${people.Ada!.email}`, 'models')).map((m) => m.id)).toEqual([created.model]);
    expect((await list('Ada', `/api/fusions?createdBy=${people.Ben!.id}`, 'fusionRuns')).map((f) => f.id)).toEqual([created.fusion]);
    expect(await list('Ada', '/api/fusions?createdBy=nobody@example.test', 'fusionRuns')).toEqual([]);
  });

  it('keeps the author from approving their own run', async () => {
    const response = await as.Ben!(`/api/runs/fusions/${created.fusion}/review`, { method: 'PUT', body: JSON.stringify({ state: 'approved' }) });
    expect(response.status).toBe(403);
    const byOther = await as.Ada!(`/api/runs/fusions/${created.fusion}/review`, { method: 'PUT', body: JSON.stringify({ state: 'approved' }) });
    expect(byOther.status).toBe(200);
  });
});
