import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { createMemberToken } from '../support/accounts.ts';
import { startDashboard, type RunningDashboard } from '../support/start-dashboard.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

describe('model uploads past the default request body limits', () => {
  let dashboard: RunningDashboard;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    const url = await createTestDatabase();
    dataDir = createTestDataDir('large-upload');
    token = await createMemberToken(url);
    dashboard = await startDashboard(url, dataDir, 1);
  });

  afterAll(async () => {
    await dashboard?.stop();
  });

  it('stores a model of more than 10 MiB whole', async () => {
    const file = path.join(dataDir, 'large.onnx');
    writeTestDecoder(file, { layers: 4, hidden: 256, ffnWidth: 1024, heads: 4, attentionFreeLayers: [1, 2], seed: 2 });
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(12 * 1024 * 1024);
    const form = new FormData();
    form.set('file', new Blob([fs.readFileSync(file)]), 'large.onnx');
    const response = await fetch(`${dashboard.url}/api/models`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { id?: string; error?: string };
    expect(body.error).toBeUndefined();
    expect(response.status).toBe(201);
    const model = (await (await fetch(`${dashboard.url}/api/models/${body.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { sizeBytes: number };
    expect(model.sizeBytes).toBe(size);
  });
});
