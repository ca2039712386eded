import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type Db } from '../../lib/db/prisma-client.ts';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { createMemberToken } from '../support/accounts.ts';
import { seedModelWithCalibration } from '../support/seed-analysis.ts';
import { startDashboard, type RunningDashboard } from '../support/start-dashboard.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

function storedEntries(dataDir: string, folder: string): string[] {
  const dir = path.join(dataDir, folder);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

describe('API routes against a started dashboard', () => {
  let dashboard: RunningDashboard;
  let db: Db;
  let dataDir: string;
  let seeded: Awaited<ReturnType<typeof seedModelWithCalibration>>;
  let token: string;
  const api = (p: string, init?: RequestInit) => fetch(`${dashboard.url}${p}`, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` } });
  const postJson = (p: string, body: unknown) => api(p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    const url = await createTestDatabase();
    dataDir = createTestDataDir('api');
    db = createPrismaClient(url);
    seeded = await seedModelWithCalibration(db, dataDir, { layers: 6, hidden: 32, heads: 4, attentionFreeLayers: [2, 3, 4], seed: 5 }, 2, 16);
    token = await createMemberToken(url);
    dashboard = await startDashboard(url, dataDir, 1);
  });

  afterAll(async () => {
    await dashboard?.stop();
    await db?.$disconnect();
  });

  it('uploads a model as multipart and returns it with its structure', async () => {
    const file = path.join(dataDir, 'upload-me.onnx');
    writeTestDecoder(file, { layers: 4, hidden: 32, heads: 4, attentionFreeLayers: [1, 2], seed: 9 });
    const form = new FormData();
    form.set('file', new Blob([fs.readFileSync(file)]), 'upload-me.onnx');
    form.set('name', 'uploaded decoder');
    const response = await api('/api/models', { method: 'POST', body: form });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const model = await (await api(`/api/models/${id}`)).json();
    expect(model).toMatchObject({ id, name: 'uploaded decoder', structure: { blockCount: 4, attentionFreeRuns: [[1, 2]] }, calibrationSets: [], analyses: [], fusionRuns: [] });
    const list = (await (await api('/api/models')).json()) as { models: Array<{ id: string }> };
    expect(list.models.map((m) => m.id)).toContain(id);
    expect(storedEntries(dataDir, 'tmp')).toEqual([]);
  });

  it('uploads a model with its external data file and a tokenizer', async () => {
    const dir = path.join(dataDir, 'external-source');
    fs.mkdirSync(dir, { recursive: true });
    const saved = writeTestDecoder(path.join(dir, 'split.onnx'), { layers: 3, hidden: 32, heads: 4, attentionFreeLayers: [1], seed: 11, externalData: true });
    expect(saved.externalDataPath).not.toBeNull();
    const form = new FormData();
    form.set('file', new Blob([fs.readFileSync(saved.path)]), 'split.onnx');
    form.set('externalData', new Blob([fs.readFileSync(saved.externalDataPath!)]), path.basename(saved.externalDataPath!));
    form.set('tokenizer', new Blob([JSON.stringify({ version: '1.0', model: { type: 'BPE', vocab: {}, merges: [] } })]), 'tokenizer.json');
    const response = await api('/api/models', { method: 'POST', body: form });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const model = (await (await api(`/api/models/${id}`)).json()) as { hasExternalData: boolean; hasTokenizer: boolean; sizeBytes: number; structure: { blockCount: number } };
    expect(model).toMatchObject({ hasExternalData: true, hasTokenizer: true, structure: { blockCount: 3 } });
    expect(model.sizeBytes).toBe(fs.statSync(saved.path).size + fs.statSync(saved.externalDataPath!).size);
    expect(fs.readdirSync(path.join(dataDir, 'models', id)).sort()).toEqual([path.basename(saved.externalDataPath!), 'split.onnx', 'tokenizer.json'].sort());
  });

  it('refuses a model whose external data file is missing, and a tokenizer that is not JSON', async () => {
    const dir = path.join(dataDir, 'external-missing');
    fs.mkdirSync(dir, { recursive: true });
    const saved = writeTestDecoder(path.join(dir, 'lonely.onnx'), { layers: 2, hidden: 32, heads: 4, seed: 12, externalData: true });
    const form = new FormData();
    form.set('file', new Blob([fs.readFileSync(saved.path)]), 'lonely.onnx');
    const missing = await api('/api/models', { method: 'POST', body: form });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toMatch(/lonely\.onnx\.data|external/);
    form.set('tokenizer', new Blob(['{ nope']), 'tokenizer.json');
    form.set('externalData', new Blob([fs.readFileSync(saved.externalDataPath!)]), path.basename(saved.externalDataPath!));
    const badTokenizer = await api('/api/models', { method: 'POST', body: form });
    expect(badTokenizer.status).toBe(400);
    expect(((await badTokenizer.json()) as { error: string }).error).toMatch(/tokenizer/);
    expect(storedEntries(dataDir, 'tmp')).toEqual([]);
  });

  it('refuses a file that is not an ONNX model with 400 and leaves nothing behind', async () => {
    const before = storedEntries(dataDir, 'models');
    const form = new FormData();
    form.set('file', new Blob(['definitely not protobuf']), 'broken.onnx');
    const response = await api('/api/models', { method: 'POST', body: form });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/not a readable ONNX model/);
    expect(storedEntries(dataDir, 'models')).toEqual(before);
    expect(storedEntries(dataDir, 'tmp')).toEqual([]);
    expect(await db.model.count()).toBe(3);
  });

  it('refuses uploads without a file, and non-multipart bodies, with 400', async () => {
    expect((await api('/api/models', { method: 'POST', body: new FormData() })).status).toBe(400);
    const json = await postJson('/api/models', { file: 'x' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toMatch(/multipart/);
  });

  it('answers 404 for unknown ids', async () => {
    for (const p of [`/api/models/${UNKNOWN}`, '/api/models/not-an-id', `/api/analyses/${UNKNOWN}`, `/api/fusions/${UNKNOWN}`, `/api/fusions/${UNKNOWN}/model`]) {
      const response = await api(p);
      expect(response.status, p).toBe(404);
      expect(((await response.json()) as { error: string }).error, p).toMatch(/no /);
    }
  });

  it('validates analysis requests with 400 and a message', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ calibration: { text: 'x' } }, /modelId/],
      [{ modelId: UNKNOWN, calibration: { text: 'hello' } }, /no model/],
      [{ modelId: seeded.modelId }, /calibration/],
      [{ modelId: seeded.modelId, calibration: { bytes: [1] } }, /calibration/],
      [{ modelId: seeded.modelId, calibration: { ids: [1, 2, 3] }, seqLen: 16 }, /too few/],
      [{ modelId: seeded.modelId, calibration: { ids: Array(32).fill(999) }, seqLen: 16 }, /outside the vocabulary/],
      [{ modelId: seeded.modelId, calibration: { text: 'abc' }, seqLen: 0 }, /seqLen/],
      [{ modelId: seeded.modelId, calibration: { text: 'abc' }, seqLen: 'long' }, /seqLen/],
      [{ modelId: seeded.modelId, calibration: { calibrationSetId: UNKNOWN } }, /no calibration set/],
    ];
    for (const [body, message] of cases) {
      const response = await postJson('/api/analyses', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: string }).error, JSON.stringify(body)).toMatch(message);
    }
    const notJson = await api('/api/analyses', { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
  });

  it('launches an analysis from text and from ids, and serves its matrix as it completes', async () => {
    const fromText = await postJson('/api/analyses', { modelId: seeded.modelId, calibration: { text: 'def f(x):\n    return x * 2\n'.repeat(4) }, seqLen: 16 });
    expect(fromText.status).toBe(201);
    const fromIds = await postJson('/api/analyses', { modelId: seeded.modelId, calibration: { ids: Array.from({ length: 40 }, (_, k) => k % 256) }, seqLen: 16 });
    expect(fromIds.status).toBe(201);
    const fromSet = await postJson('/api/analyses', { modelId: seeded.modelId, calibration: { calibrationSetId: seeded.calibrationSetId } });
    const { id } = (await fromSet.json()) as { id: string };
    let analysis: { status: string; progress: { done: number; total: number }; blocks: unknown[]; matrix: Array<Array<number | null>> } | undefined;
    for (let attempt = 0; attempt < 240; attempt++) {
      analysis = await (await api(`/api/analyses/${id}`)).json();
      if (analysis!.status === 'succeeded' || analysis!.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(analysis!.status).toBe('succeeded');
    expect(analysis!.progress).toEqual({ done: 6, total: 6 });
    expect(analysis!.blocks).toHaveLength(6);
    expect(analysis!.matrix[0]![0]).toBeNull();
    expect(analysis!.matrix[0]![1]).toBeGreaterThan(0);
    expect(analysis!.matrix[5]!.every((v) => v === null)).toBe(true);
    const sets = await db.calibrationSet.findMany({ where: { modelId: seeded.modelId } });
    expect(sets.map((s) => s.source).sort()).toEqual(['ids', 'ids', 'text']);
    const idsSet = sets.find((s) => s.name.startsWith('ids'))!;
    expect(idsSet.sequenceCount).toBe(2);
  });

  it('validates fusion requests with 400 and a message', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ modelId: seeded.modelId }, /ranges/],
      [{ modelId: seeded.modelId, ranges: [] }, /at least one range/],
      [{ modelId: seeded.modelId, ranges: [[3, 2]] }, /b > a/],
      [{ modelId: UNKNOWN, ranges: [[2, 3]] }, /no model/],
      [{ modelId: seeded.modelId, analysisId: UNKNOWN, ranges: [[2, 3]] }, /no analysis/],
      [{ modelId: seeded.modelId, ranges: [[0, 2]] }, /attention/],
      [{ modelId: seeded.modelId, ranges: [[2, 3], [3, 4]] }, /overlap/],
    ];
    for (const [body, message] of cases) {
      const response = await postJson('/api/fusions', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: string }).error, JSON.stringify(body)).toMatch(message);
    }
  });

  it('launches a fusion run, serves its status and metrics, and downloads the fused model', async () => {
    const response = await postJson('/api/fusions', { modelId: seeded.modelId, ranges: [[2, 4]] });
    expect(response.status).toBe(201);
    const { id, warnings } = (await response.json()) as { id: string; warnings: string[] };
    expect(warnings.join(' ')).toMatch(/last FFN/);
    const early = await api(`/api/fusions/${id}/model`);
    let run: { status: string; metrics: { kl?: number } | null } | undefined;
    for (let attempt = 0; attempt < 360; attempt++) {
      run = await (await api(`/api/fusions/${id}`)).json();
      if (run!.status === 'succeeded' || run!.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (early.status !== 200) expect(early.status).toBe(404);
    expect(run!.status).toBe('succeeded');
    expect(run!.metrics!.kl).toBeGreaterThanOrEqual(0);
    const download = await api(`/api/fusions/${id}/model`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/attachment; filename="fused-.*\.onnx"/);
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});
